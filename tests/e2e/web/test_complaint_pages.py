"""投诉处理 page: the queue with its clock and regulator flag, and the register, extend and
close forms (CSRF, server-side permission and branch checks, inline refusals)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from doorstep.container import Container
from doorstep.store import tables as t
from tests.e2e.web.conftest import Login, page_csrf


def _complaint(c: Container, customer: int, branch: int, received_days_ago: int,
               closed: bool = False, channel: str = "hotline") -> int:
    """A complaint received ``received_days_ago`` days before the fixed clock's now."""
    at = c.clock.now().replace(tzinfo=None) - timedelta(days=received_days_ago)
    with c.engine.begin() as conn:
        return int(conn.execute(insert(t.complaints).values(
            customer_id=customer, branch_id=branch, channel=channel, category="催收方式",
            text=f"投诉{received_days_ago}", severity=3, received_at=at,
            due_at=at + timedelta(days=15), closed_at=at + timedelta(days=1) if closed else None,
            )).inserted_primary_key[0])


def _row(c: Container, complaint_id: int) -> Any:
    with c.engine.connect() as conn:
        return conn.execute(select(t.complaints).where(t.complaints.c.id == complaint_id)).one()


def _count(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.complaints)).scalar_one())


def _audits(c: Container, action: str) -> list[Any]:
    with c.engine.connect() as conn:
        return list(conn.execute(select(t.audit_events).where(t.audit_events.c.action == action)))


def test_dispatcher_registers_a_12378_complaint_and_the_customer_is_flagged(
        client: TestClient, login: Login, container: Container,
        seeded: dict[str, int]) -> None:
    """A complaint registered by form is due in 15 days; through 12378 it flags the customer
    and the queue shows the regulator badge."""
    login("dispatcher")
    page = client.get("/complaints")
    assert page.status_code == 200 and 'data-testid="register-form"' in page.text
    assert 'href="/complaints"' in page.text  # the nav entry
    r = client.post("/complaints", data={
        "csrf_token": page_csrf(page.text), "customer_id": seeded["customer"],
        "channel": "regulator", "category": "催收方式", "text": "上门人员态度生硬",
        "severity": 4}, follow_redirects=True)
    assert r.status_code == 200 and 'data-testid="flash"' in r.text
    row = _row(container, 1)
    assert row.due_at - row.received_at == timedelta(days=15) and row.recorded_by == "dispatcher"
    assert 'data-testid="regulator-1"' in r.text and 'data-testid="days-1">15<' in r.text
    with container.engine.connect() as conn:
        flagged = conn.execute(select(t.customers.c.under_regulator_complaint).where(
            t.customers.c.id == seeded["customer"])).scalar_one()
    assert flagged is True


def test_the_queue_puts_overdue_first_and_filters_by_state_and_branch(
        client: TestClient, login: Login, container: Container,
        seeded: dict[str, int]) -> None:
    """Head office sees every branch, overdue first; the branch and state filters narrow it;
    a branch dispatcher sees their own branch only."""
    fresh = _complaint(container, seeded["customer"], seeded["ft"], 2)
    late = _complaint(container, seeded["customer"], seeded["ft"], 20)
    done = _complaint(container, seeded["customer"], seeded["ft"], 5, closed=True)
    south = _complaint(container, seeded["customer_ns"], seeded["ns"], 3)
    login("programme_manager")
    page = client.get("/complaints").text
    assert page.index(f"complaint-{late}") < page.index(f"complaint-{fresh}")
    assert f"complaint-{south}" in page and f'data-testid="complaint-{done}"' not in page
    assert f'data-testid="days-{late}"><span class="past-sla">' in page
    only_south = client.get("/complaints", params={"branch": seeded["ns"]}).text
    assert f"complaint-{south}" in only_south and f"complaint-{late}" not in only_south
    closed = client.get("/complaints", params={"show": "closed"}).text
    assert f'data-testid="complaint-{done}"' in closed and f"complaint-{late}" not in closed
    overdue = client.get("/complaints", params={"show": "overdue"}).text
    assert f"complaint-{late}" in overdue and f'data-testid="complaint-{fresh}"' not in overdue
    client.post("/logout", data={"csrf_token": page_csrf(page)})
    login("dispatcher")
    mine = client.get("/complaints", params={"branch": seeded["ns"]}).text
    assert f"complaint-{late}" in mine and f"complaint-{south}" not in mine


def test_a_deadline_is_extended_once_with_a_reason_and_then_refused(
        client: TestClient, login: Login, container: Container,
        seeded: dict[str, int]) -> None:
    """Extension needs a reason (422, nothing written), moves the deadline to 30 days from
    receipt once, and a second extension is refused on the page (409)."""
    cid = _complaint(container, seeded["customer"], seeded["ft"], 10)
    login("dispatcher")
    token = page_csrf(client.get("/complaints").text)
    blank = client.post(f"/complaints/{cid}/extend", data={"csrf_token": token, "reason": " "})
    assert blank.status_code == 422 and _row(container, cid).extended_at is None
    ok = client.post(f"/complaints/{cid}/extend", data={"csrf_token": token,
                                                         "reason": "需调取录音核实"},
                     follow_redirects=True)
    row = _row(container, cid)
    assert ok.status_code == 200 and row.due_at - row.received_at == timedelta(days=30)
    assert row.extension_reason == "需调取录音核实"
    assert f'data-testid="extend-{cid}"' not in ok.text  # no second extension offered
    again = client.post(f"/complaints/{cid}/extend", data={"csrf_token": token,
                                                            "reason": "还要更久"})
    assert again.status_code == 409 and 'data-testid="flash"' in again.text
    assert _row(container, cid).due_at == row.due_at


def test_closing_needs_an_outcome_which_goes_into_the_audit_trail(
        client: TestClient, login: Login, container: Container,
        seeded: dict[str, int]) -> None:
    """A complaint closed with its outcome leaves the open queue; the outcome is audited."""
    cid = _complaint(container, seeded["customer"], seeded["ft"], 3)
    login("dispatcher")
    token = page_csrf(client.get("/complaints").text)
    missing = client.post(f"/complaints/{cid}/close", data={"csrf_token": token})
    assert missing.status_code == 422 and _row(container, cid).closed_at is None
    r = client.post(f"/complaints/{cid}/close", data={
        "csrf_token": token, "outcome": "已致电客户致歉并更换上门人员"}, follow_redirects=True)
    assert r.status_code == 200 and f'data-testid="complaint-{cid}"' not in r.text
    assert _row(container, cid).closed_at is not None
    [entry] = _audits(container, "complaint.close")
    assert entry.after["note"] == "已致电客户致歉并更换上门人员"


def test_a_field_officer_cannot_register_extend_or_close(
        client: TestClient, login: Login, container: Container,
        seeded: dict[str, int]) -> None:
    """A field officer may read the queue but gets no form, and each forged post is a 403
    with nothing written."""
    cid = _complaint(container, seeded["customer"], seeded["ft"], 20)
    before = _row(container, cid)
    login("field_staff")
    page = client.get("/complaints")
    assert page.status_code == 200 and f"complaint-{cid}" in page.text
    assert 'data-testid="register-form"' not in page.text and "/extend" not in page.text
    assert 'href="/complaints"' not in page.text  # no nav entry for a role that cannot handle
    token = page_csrf(page.text)
    posts = {"/complaints": {"customer_id": seeded["customer"], "channel": "regulator",
                             "category": "x", "text": "伪造", "severity": 5},
             f"/complaints/{cid}/extend": {"reason": "伪造延期"},
             f"/complaints/{cid}/close": {"outcome": "伪造办结"}}
    for url, data in posts.items():
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 403, url
    assert _count(container) == 1 and _row(container, cid) == before
    assert _audits(container, "complaint.record") == []


def test_a_dispatcher_cannot_touch_another_branch_complaint(
        client: TestClient, login: Login, container: Container,
        seeded: dict[str, int]) -> None:
    """Extending or closing a complaint of another branch is refused; nothing changes."""
    south = _complaint(container, seeded["customer_ns"], seeded["ns"], 20)
    before = _row(container, south)
    login("dispatcher")
    token = page_csrf(client.get("/complaints").text)
    extend = client.post(f"/complaints/{south}/extend", data={"csrf_token": token,
                                                               "reason": "越权延期"})
    close = client.post(f"/complaints/{south}/close", data={"csrf_token": token,
                                                             "outcome": "越权办结"})
    assert extend.status_code in (403, 404) and close.status_code in (403, 404)
    assert _row(container, south) == before


def test_the_case_page_links_its_complaints(client: TestClient, login: Login,
                                            container: Container,
                                            seeded: dict[str, int]) -> None:
    """The case page lists the customer's complaints, each linking to its line in the queue."""
    cid = _complaint(container, seeded["customer"], seeded["ft"], 4)
    login("dispatcher")
    case = client.get(f"/cases/{seeded['case']}").text
    link = f'/complaints?customer={seeded["customer"]}&amp;show=all#complaint-{cid}'
    assert link in case and 'data-testid="complaints-link"' in case
    queue = client.get("/complaints", params={"customer": seeded["customer"], "show": "all"})
    assert f'id="complaint-{cid}"' in queue.text
    prefilled = f'name="customer_id" type="number" min="1" required value="{seeded["customer"]}"'
    assert prefilled in queue.text  # the register form is for this customer
