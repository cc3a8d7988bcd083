"""Web pages: case list and detail, transitions by form, reveal, scoping, escaping, language."""

from __future__ import annotations

from fastapi.testclient import TestClient

from doorstep.container import Container
from tests.e2e.web.conftest import XSS, Login, page_csrf


def test_case_list_filters_return_the_table_fragment_for_htmx(client: TestClient,
                                                              login: Login) -> None:
    """An htmx filter request gets only the table, holding just the matching cases."""
    login("analyst")
    full = client.get("/cases")
    assert "AJ2026110000001" in full.text and "AJ2026110000002" in full.text
    r = client.get("/cases", params={"q": "李静", "state": "screened"},
                   headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.text
    assert "AJ2026110000002" in r.text and "AJ2026110000001" not in r.text
    assert "共 1 件" in r.text and "已筛选" in r.text


def test_transition_through_the_form_bumps_version_and_shows_history(
        client: TestClient, login: Login, seeded: dict[str, int]) -> None:
    """Approving through the form moves the case, bumps its version and logs it."""
    login("analyst")
    url = f"/cases/{seeded['case']}"
    page = client.get(url)
    assert 'data-command="approve"' in page.text and 'data-testid="version">1<' in page.text
    r = client.post(f"{url}/transition", data={"command": "approve", "version": "1",
                                               "csrf_token": page_csrf(page.text)})
    assert r.status_code == 200 and "操作成功：审批通过" in r.text
    assert 'data-testid="version">2<' in r.text and 'data-testid="state">已审批<' in r.text
    assert "已筛选 → 已审批" in r.text and "analyst" in r.text


def test_stale_version_shows_the_error_on_the_page(client: TestClient, login: Login,
                                                   seeded: dict[str, int]) -> None:
    """A form carrying an old version shows the Chinese conflict message, not a crash."""
    login("analyst")
    url = f"/cases/{seeded['case']}"
    token = page_csrf(client.get(url).text)
    client.post(f"{url}/transition", data={"command": "approve", "version": "1",
                                           "csrf_token": token})
    r = client.post(f"{url}/transition", data={"command": "approve", "version": "1",
                                               "csrf_token": token})
    assert r.status_code == 409 and "记录已被他人修改" in r.text
    assert 'data-testid="flash"' in r.text


def test_illegal_command_shows_the_chinese_message(client: TestClient, login: Login,
                                                   seeded: dict[str, int]) -> None:
    """A command the state does not allow is refused with the state's Chinese name."""
    login("dispatcher")
    url = f"/cases/{seeded['case']}"
    page = client.get(url)
    assert 'data-command="assign"' not in page.text  # screened: nothing for a dispatcher yet
    r = client.post(f"{url}/transition", data={"command": "assign", "version": "1",
                                               "team_id": str(seeded["team"]),
                                               "csrf_token": page_csrf(page.text)})
    assert r.status_code == 409 and "案件当前状态为「已筛选」，不能执行「分派团队」" in r.text


def test_state_changing_form_without_csrf_is_refused(client: TestClient, login: Login,
                                                     seeded: dict[str, int]) -> None:
    """A transition post with a missing or wrong CSRF token gets 403 and changes nothing."""
    login("analyst")
    url = f"/cases/{seeded['case']}"
    for data in ({"command": "approve", "version": "1"},
                 {"command": "approve", "version": "1", "csrf_token": "forged"}):
        r = client.post(f"{url}/transition", data=data)
        assert r.status_code == 403 and "页面已过期或来源不明" in r.text
    assert 'data-testid="version">1<' in client.get(url).text


def test_reveal_shows_the_value_and_is_audited(client: TestClient, login: Login,
                                               container: Container,
                                               seeded: dict[str, int]) -> None:
    """A field-staff reveal returns the plain phone and writes a customer.reveal event."""
    login("field_staff")
    url = f"/customers/{seeded['customer']}"
    page = client.get(url)
    assert "138****5678" in page.text and "13812345678" not in page.text
    r = client.post(f"{url}/reveal/phone", data={"purpose": "预约上门前电话确认"},
                    headers={"HX-Request": "true", "X-CSRF-Token": page_csrf(page.text)})
    assert r.status_code == 200 and "13812345678" in r.text and "<html" not in r.text
    with container.uow(write=False) as uow:
        events = uow.audit_trail.events("customer", str(seeded["customer"]), None, None, 10)
    assert [e.action for e in events] == ["customer.reveal"]
    assert events[0].after["purpose"] == "预约上门前电话确认"


def test_roles_without_reveal_see_no_button_and_are_refused(
        client: TestClient, login: Login, seeded: dict[str, int]) -> None:
    """An analyst sees masked data without 查看 buttons; a forged reveal post gets 403."""
    login("analyst")
    url = f"/customers/{seeded['customer']}"
    page = client.get(url)
    assert "/reveal/" not in page.text
    r = client.post(f"{url}/reveal/phone", data={"purpose": "test",
                                                 "csrf_token": page_csrf(page.text)})
    assert r.status_code == 403 and "13812345678" not in r.text


def test_other_branch_case_and_customer_are_not_found(client: TestClient, login: Login,
                                                      seeded: dict[str, int]) -> None:
    """A Futian dispatcher gets the Chinese 404 page for Nanshan's case and customer."""
    login("dispatcher")
    for url in (f"/cases/{seeded['case_ns']}", f"/customers/{seeded['customer_ns']}"):
        r = client.get(url)
        assert r.status_code == 404 and "页面或记录不存在" in r.text
    assert "AJ2026110000002" not in client.get("/cases").text


def test_role_without_permission_gets_the_403_page_and_a_narrow_menu(
        client: TestClient, login: Login) -> None:
    """A trainer's menu has no cases or audit, and opening /cases shows the 403 page."""
    login("trainer")
    home = client.get("/")
    assert 'href="/cases"' not in home.text and 'href="/audit"' not in home.text
    r = client.get("/cases")
    assert r.status_code == 403 and "无权访问" in r.text


def test_complaint_text_is_escaped(client: TestClient, login: Login, complaint: int,
                                   seeded: dict[str, int]) -> None:
    """A complaint containing a script tag is shown as text, never as markup."""
    login("dispatcher")
    for url in (f"/customers/{seeded['customer']}", f"/cases/{seeded['case']}"):
        r = client.get(url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and XSS not in r.text


def test_language_switch_renders_english(client: TestClient, login: Login) -> None:
    """Choosing English sets the lang cookie and the pages render in English."""
    login("dispatcher")
    r = client.get("/lang/en", params={"next": "/cases"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/cases"
    page = client.get("/cases")
    assert "Log out" in page.text and "Screened" in page.text and "Dispatcher" in page.text
    assert "退出" not in page.text


def test_audit_page_lists_events_and_verifies_the_chain(client: TestClient,
                                                        login: Login) -> None:
    """The auditor sees recent events and the verify fragment reports an intact chain."""
    login("auditor")
    page = client.get("/audit")
    assert page.status_code == 200 and "auth.login" in page.text
    r = client.get("/audit/verify", headers={"HX-Request": "true"})
    assert r.status_code == 200 and "审计链完整" in r.text


def test_dashboard_counts_cases_in_scope_and_draws_from_static_js(client: TestClient,
                                                                  login: Login) -> None:
    """The start page shows counts for the user's scope, chart data in a data attribute."""
    login("dispatcher")
    r = client.get("/")
    assert 'id="state-chart"' in r.text and "data-chart=" in r.text
    assert "<script>" not in r.text and "/static/js/app.js" in r.text
    assert 'data-testid="overdue-total">0<' in r.text
    assert client.get("/static/vendor/htmx.min.js").status_code == 200
