"""The case page's contact log and 有效催收, and overdue complaints on the home and audit
pages, through the browser forms (CSRF, server-side rules, inline refusals)."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from doorstep.container import Container
from doorstep.store import tables as t
from tests.e2e.web.conftest import Login, page_csrf


def _contacts(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.contacts)).scalar_one())


def test_field_officer_records_a_call_on_the_case_page(client: TestClient, login: Login,
                                                       container: Container,
                                                       seeded: dict[str, int]) -> None:
    """A call recorded through the case page's form appears in the log; 有效催收 is shown."""
    login("field_staff")
    page = client.get(f"/cases/{seeded['case']}")
    assert 'data-testid="contact-form"' in page.text and "有效催收" in page.text
    r = client.post(f"/cases/{seeded['case']}/contacts", data={
        "csrf_token": page_csrf(page.text), "channel": "phone", "party": "debtor",
        "outcome": "reached", "proof": "recording", "at": "2026-11-02T09:30"},
        follow_redirects=True)
    assert r.status_code == 200 and "联系记录已保存" in r.text and "通话录音" in r.text
    assert _contacts(container) == 1


def test_a_call_at_23_is_refused_on_the_page(client: TestClient, login: Login,
                                             container: Container,
                                             seeded: dict[str, int]) -> None:
    """A call at 23:00 without consent comes back as an inline 422 and is not recorded."""
    login("field_staff")
    page = client.get(f"/cases/{seeded['case']}")
    r = client.post(f"/cases/{seeded['case']}/contacts", data={
        "csrf_token": page_csrf(page.text), "channel": "phone", "party": "debtor",
        "outcome": "reached", "at": "2026-11-01T23:00"})
    assert r.status_code == 422 and "禁止联系时段" in r.text
    assert _contacts(container) == 0


def test_auditor_reads_but_cannot_record(client: TestClient, login: Login,
                                         seeded: dict[str, int]) -> None:
    """An auditor sees the contact log but no form, and a forged post is refused (403)."""
    login("auditor")
    page = client.get(f"/cases/{seeded['case']}")
    assert "有效催收" in page.text and 'data-testid="contact-form"' not in page.text
    r = client.post(f"/cases/{seeded['case']}/contacts", data={
        "csrf_token": page_csrf(page.text), "channel": "phone", "outcome": "reached"})
    assert r.status_code == 403


def test_overdue_complaints_on_home_and_audit_pages(client: TestClient, login: Login,
                                                    container: Container,
                                                    seeded: dict[str, int]) -> None:
    """An open complaint past its deadline is listed on the home page and the audit page."""
    with container.engine.begin() as conn:
        conn.execute(insert(t.complaints).values(
            customer_id=seeded["customer"], branch_id=seeded["ft"], channel="regulator",
            category="催收方式", text="态度差", severity=4,
            received_at=datetime(2026, 10, 1, 2, 0), due_at=datetime(2026, 10, 16, 2, 0)))
    login("dispatcher")
    home = client.get("/")
    assert 'data-testid="overdue-complaints"' in home.text and "12378" in home.text
    client.post("/logout", data={"csrf_token": page_csrf(home.text)})
    login("auditor")
    audit = client.get("/audit")
    assert "超期未办结投诉" in audit.text and "张伟" in audit.text


def test_contact_on_a_missing_case_gets_the_not_found_page(client: TestClient,
                                                           login: Login) -> None:
    """Recording a contact on a case that does not exist answers 404, not a broken page."""
    login("dispatcher")
    token = page_csrf(client.get("/").text)
    r = client.post("/cases/999999/contacts", data={
        "channel": "phone", "party": "debtor", "outcome": "reached", "proof": "recording",
        "at": "2026-11-02T09:30", "csrf_token": token})
    assert r.status_code == 404
