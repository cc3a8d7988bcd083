"""Attacker tests for approvals and stored-fact guards: the least-privileged role that can
reach each rule tries to break it through the API, gets a 4xx with a clear message, and
nothing is written (row counts and versions unchanged)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from doorstep.approvals import service as approvals
from doorstep.approvals.model import Kind
from doorstep.container import Container
from doorstep.store import tables as t
from doorstep.store.tables_approvals import approvals as approvals_table
from tests import factories as f
from tests.e2e.conftest import token_for


def _counts(c: Container, case_id: int) -> dict[str, Any]:
    """Everything an attack could have written."""
    with c.engine.connect() as conn:
        def n(table: Any) -> int:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        version = conn.execute(select(t.cases.c.version, t.cases.c.state)
                               .where(t.cases.c.id == case_id)).one()
        decided = conn.execute(select(func.count()).select_from(approvals_table).where(
            approvals_table.c.state != "pending")).scalar_one()
        audit = conn.execute(select(func.count()).select_from(t.audit_events).where(
            ~t.audit_events.c.action.like("auth.%"))).scalar_one()  # logins are not the attack
        return {"audit": audit, "approvals": n(approvals_table),
                "decided": decided, "exceptions": n(t.compliance_exceptions),
                "appointments": n(t.appointments), "contacts": n(t.contacts),
                "case": tuple(version)}


def _move(client: TestClient, case_id: int, who: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/cases/{case_id}/transitions", json=body,
                       headers=token_for(client, who))


def _assigned(client: TestClient, seeded: dict[str, int]) -> None:
    case = seeded["case"]
    assert _move(client, case, "analyst", {"command": "approve", "version": 1}).status_code == 200
    r = _move(client, case, "dispatcher", {"command": "assign", "version": 2,
                                           "team_id": seeded["team"]})
    assert r.status_code == 200, r.text


def _appointment(c: Container, seeded: dict[str, int], state: str) -> int:
    with c.engine.begin() as conn:
        return int(conn.execute(t.appointments.insert().values(
            case_id=seeded["case"], team_id=seeded["team"], slot_start=f.NOW,
            slot_end=f.NOW, state=state, created_at=f.NOW)).inserted_primary_key[0])


def test_dispatcher_cannot_schedule_without_a_confirmed_appointment(
        client: TestClient, container: Container, seeded: dict[str, int]) -> None:
    """SCHEDULE reads the stored appointment: a proposed one is refused (409, says why), the
    old ``appointment_confirmed`` tickbox is refused (422); nothing is written. A phone
    confirmation recorded by staff then lets the case be scheduled."""
    _assigned(client, seeded)
    appt = _appointment(container, seeded, "proposed")
    before = _counts(container, seeded["case"])
    r = _move(client, seeded["case"], "dispatcher", {"command": "schedule", "version": 3})
    assert r.status_code == 409 and "确认的预约" in r.json()["error"]["message"]
    r = _move(client, seeded["case"], "dispatcher", {"command": "schedule", "version": 3,
                                                     "appointment_confirmed": True})
    assert r.status_code == 422 and "appointment_confirmed" in r.json()["error"]["message"]
    assert _counts(container, seeded["case"]) == before
    h = token_for(client, "dispatcher")
    short = client.post(f"/api/v1/appointments/{appt}/confirm-by-phone", json={"note": ""},
                        headers=h)
    assert short.status_code == 422 and _counts(container, seeded["case"]) == before
    ok = client.post(f"/api/v1/appointments/{appt}/confirm-by-phone",
                     json={"note": "10:05 客户本人来电确认"}, headers=h)
    assert ok.status_code == 200, ok.text
    after = _counts(container, seeded["case"])
    assert after["case"] == (4, "scheduled") and after["contacts"] == before["contacts"] + 1


def test_resolve_ignores_an_agreement_kept_flag(client: TestClient, container: Container,
                                                seeded: dict[str, int]) -> None:
    """RESOLVE of a case with money owed needs a kept agreement on file; the old
    ``agreement_kept`` flag is refused and nothing changes."""
    with container.engine.begin() as conn:
        conn.execute(t.cases.update().where(t.cases.c.id == seeded["case"])
                     .values(state="visited"))
    before = _counts(container, seeded["case"])
    r = _move(client, seeded["case"], "field_staff", {"command": "resolve", "version": 1,
                                                      "agreement_kept": True})
    assert r.status_code == 422
    r = _move(client, seeded["case"], "field_staff", {"command": "resolve", "version": 1,
                                                      "note": "客户已还清"})
    assert r.status_code == 409 and "欠款" in r.json()["error"]["message"]
    assert _counts(container, seeded["case"]) == before


def _escalation_request(client: TestClient, seeded: dict[str, int]) -> int:
    """The legal officer asks to escalate before any visit (an overridable guard)."""
    assert _move(client, seeded["case"], "analyst",
                 {"command": "approve", "version": 1}).status_code == 200
    r = _move(client, seeded["case"], "legal_officer", {
        "command": "escalate", "version": 2, "override": {"reason": "客户已向法院起诉"}})
    assert r.status_code == 202, r.text
    assert "待有权限的人员审批" in r.json()["message"]
    return int(r.json()["approval_id"])


def test_maker_cannot_approve_their_own_request(client: TestClient, container: Container,
                                                seeded: dict[str, int]) -> None:
    """The legal officer may decide overrides, but not the one they asked for: 403, the
    request stays pending and the case stays approved."""
    approval_id = _escalation_request(client, seeded)
    before = _counts(container, seeded["case"])
    assert before["case"] == (2, "approved")
    r = client.post(f"/api/v1/approvals/{approval_id}/decision",
                    json={"decision": "approve", "reason": "我自己批准"},
                    headers=token_for(client, "legal_officer"))
    assert r.status_code == 403 and "不能审批自己提交的申请" in r.json()["error"]["message"]
    assert _counts(container, seeded["case"]) == before
    mine = client.get("/api/v1/approvals", headers=token_for(client, "legal_officer")).json()
    assert mine == []
    queue = client.get("/api/v1/approvals", headers=token_for(client, "programme_manager"))
    assert [a["id"] for a in queue.json()] == [approval_id]
    done = client.post(f"/api/v1/approvals/{approval_id}/decision",
                       json={"decision": "approve", "reason": "法院受理通知书已核对"},
                       headers=token_for(client, "programme_manager"))
    assert done.status_code == 200 and done.json()["decided_by"] == "programme_manager"
    assert _counts(container, seeded["case"])["case"] == (3, "escalated")


def test_role_without_the_permission_cannot_decide(client: TestClient, container: Container,
                                                   seeded: dict[str, int]) -> None:
    """An analyst (who decides screening lists) may not decide a compliance override, and a
    dispatcher may not decide anything: 403 and nothing written."""
    approval_id = _escalation_request(client, seeded)
    before = _counts(container, seeded["case"])
    body = {"decision": "approve", "reason": "看起来没问题"}
    r = client.post(f"/api/v1/approvals/{approval_id}/decision", json=body,
                    headers=token_for(client, "analyst"))
    assert r.status_code == 403 and "compliance.override" in r.json()["error"]["message"]
    r = client.post(f"/api/v1/approvals/{approval_id}/decision", json=body,
                    headers=token_for(client, "dispatcher"))
    assert r.status_code == 403
    assert _counts(container, seeded["case"]) == before


def test_manager_cannot_approve_above_their_authority_limit(
        client: TestClient, container: Container, seeded: dict[str, int]) -> None:
    """A fee waiver above the programme manager's limit (授权额度 50,000) is refused with the
    limit named; the request stays pending."""
    with container.uow() as uow:
        maker = f.principal(container, "field_staff")
        approval_id = approvals.request(uow, maker, approvals.NewRequest(
            kind=Kind.FEE_WAIVER, subject_type="agreement", subject_id=1,
            branch_id=seeded["ft"], amount=Decimal("60000.00"), summary="减免 ¥60,000",
            reason="客户家庭变故，申请减免罚息", payload={"agreement_id": 1}))
        uow.commit()
    before = _counts(container, seeded["case"])
    r = client.post(f"/api/v1/approvals/{approval_id}/decision",
                    json={"decision": "approve", "reason": "同意减免"},
                    headers=token_for(client, "programme_manager"))
    assert r.status_code == 403
    assert "授权额度" in r.json()["error"]["message"] and "50,000.00" in r.json()["error"][
        "message"]
    assert _counts(container, seeded["case"]) == before


def test_an_approver_name_in_the_body_is_refused(client: TestClient, container: Container,
                                                 seeded: dict[str, int]) -> None:
    """Typing an approver (the old way to self-approve) is a 422 on transitions and on
    decisions; nothing is written."""
    assert _move(client, seeded["case"], "analyst",
                 {"command": "approve", "version": 1}).status_code == 200
    before = _counts(container, seeded["case"])
    r = _move(client, seeded["case"], "field_staff", {
        "command": "escalate", "version": 2,
        "override": {"approver": "programme_manager", "reason": "经理口头同意"}})
    assert r.status_code == 422 and "override.approver" in r.json()["error"]["message"]
    r = client.post("/api/v1/approvals/1/decision",
                    json={"decision": "approve", "reason": "同意同意", "approver": "admin"},
                    headers=token_for(client, "programme_manager"))
    assert r.status_code == 422
    assert _counts(container, seeded["case"]) == before


def test_do_not_visit_changes_only_after_another_person_approves(
        client: TestClient, container: Container, seeded: dict[str, int]) -> None:
    """A manager asks to set 勿上门 (202, flag unchanged); a dispatcher may not ask (403); the
    maker may not approve; the legal officer approves and the flag is set."""
    customer = seeded["customer"]
    url = f"/api/v1/customers/{customer}/do-not-visit"
    body = {"do_not_visit": True, "reason": "客户书面要求不再上门"}
    assert client.post(url, json=body, headers=token_for(client, "dispatcher")).status_code == 403
    r = client.post(url, json=body, headers=token_for(client, "programme_manager"))
    assert r.status_code == 202, r.text
    approval_id = r.json()["approval_id"]

    def flag() -> bool:
        with container.engine.connect() as conn:
            return bool(conn.execute(select(t.customers.c.do_not_visit).where(
                t.customers.c.id == customer)).scalar_one())

    assert flag() is False
    decision = {"decision": "approve", "reason": "已核对客户书面申请"}
    own = client.post(f"/api/v1/approvals/{approval_id}/decision", json=decision,
                      headers=token_for(client, "programme_manager"))
    assert own.status_code == 403 and flag() is False
    done = client.post(f"/api/v1/approvals/{approval_id}/decision", json=decision,
                       headers=token_for(client, "legal_officer"))
    assert done.status_code == 200 and done.json()["state"] == "approved" and flag() is True
