"""待我审批 in the browser: the nav counts what waits for you, the maker never sees their own
request, a decision needs a reason and moves the case only on approval."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from doorstep.container import Container
from doorstep.store import tables as t
from tests.e2e.conftest import token_for
from tests.e2e.web.conftest import Login, page_csrf


def _escalation_request(client: TestClient, seeded: dict[str, int]) -> int:
    case = seeded["case"]
    client.post(f"/api/v1/cases/{case}/transitions", json={"command": "approve", "version": 1},
                headers=token_for(client, "analyst"))
    r = client.post(f"/api/v1/cases/{case}/transitions", json={
        "command": "escalate", "version": 2, "override": {"reason": "客户已向法院起诉"}},
        headers=token_for(client, "legal_officer"))
    assert r.status_code == 202, r.text
    return int(r.json()["approval_id"])


def test_queue_page_counts_and_decides(client: TestClient, container: Container,
                                       seeded: dict[str, int], login: Login) -> None:
    """The manager's nav shows 待我审批 1; a decision without a reason is refused inline; with
    a reason the request is approved and the case escalated; the maker's queue is empty."""
    approval_id = _escalation_request(client, seeded)
    login("legal_officer")
    own = client.get("/approvals")
    assert own.status_code == 200 and f'data-testid="approval-{approval_id}"' not in own.text
    client.cookies.clear()
    login("programme_manager")
    page = client.get("/approvals")
    assert "待我审批" in page.text and 'data-testid="nav-count">1<' in page.text
    assert "客户已向法院起诉" in page.text and "legal_officer" in page.text
    csrf = page_csrf(page.text)
    bad = client.post(f"/approvals/{approval_id}/decide",
                      data={"decision": "approve", "reason": "", "csrf_token": csrf})
    assert bad.status_code == 422 and "请填写理由" in bad.text
    ok = client.post(f"/approvals/{approval_id}/decide", follow_redirects=False,
                     data={"decision": "approve", "reason": "法院受理通知书已核对",
                           "csrf_token": csrf})
    assert ok.status_code == 303
    assert "已批准" in client.get(ok.headers["location"]).text
    with container.engine.connect() as conn:
        state = conn.execute(select(t.cases.c.state).where(
            t.cases.c.id == seeded["case"])).scalar_one()
    assert state == "escalated"


def test_case_form_has_no_approver_or_tickboxes(client: TestClient, seeded: dict[str, int],
                                                login: Login) -> None:
    """The case page's command form asks for a reason only: no approver name, no
    appointment-confirmed or agreement-kept tickbox."""
    login("analyst")
    page = client.get(f"/cases/{seeded['case']}")
    assert page.status_code == 200 and 'name="reason"' in page.text
    for name in ('name="approver"', 'name="appointment_confirmed"', 'name="agreement_kept"'):
        assert name not in page.text


def test_dispatcher_records_a_phone_confirmation_on_the_case_page(
        client: TestClient, container: Container, seeded: dict[str, int],
        login: Login) -> None:
    """A proposed appointment shows 登记客户电话确认; recording it confirms the appointment,
    logs a phone contact and schedules the case."""
    from tests import factories as f

    case = seeded["case"]
    client.post(f"/api/v1/cases/{case}/transitions", json={"command": "approve", "version": 1},
                headers=token_for(client, "analyst"))
    client.post(f"/api/v1/cases/{case}/transitions", headers=token_for(client, "dispatcher"),
                json={"command": "assign", "version": 2, "team_id": seeded["team"]})
    with container.engine.begin() as conn:
        appt = conn.execute(t.appointments.insert().values(
            case_id=case, team_id=seeded["team"], slot_start=f.NOW, slot_end=f.NOW,
            state="proposed", created_at=f.NOW)).inserted_primary_key[0]
    login("dispatcher")
    page = client.get(f"/cases/{case}")
    assert f'data-testid="phone-confirm-{appt}"' in page.text and "登记客户电话确认" in page.text
    done = client.post(f"/appointments/{appt}/confirm-by-phone", follow_redirects=False,
                       data={"note": "客户 10:05 来电确认", "csrf_token": page_csrf(page.text)})
    assert done.status_code == 303
    with container.engine.connect() as conn:
        state = conn.execute(select(t.cases.c.state).where(t.cases.c.id == case)).scalar_one()
        contact = conn.execute(select(t.contacts.c.channel)).scalars().all()
        appt_state = conn.execute(select(t.appointments.c.state)).scalar_one()
    assert (state, contact, appt_state) == ("scheduled", ["phone"], "confirmed")
