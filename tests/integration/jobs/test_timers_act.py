"""The timers job acts on what fell overdue: each overdue case, complaint and expiring
certificate is told to its staff through the outbox exactly once per item and occasion."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.jobs import service
from doorstep.jobs.model import JobState
from doorstep.store import tables as t
from doorstep.store.tables_dispatch import outbox
from doorstep.store.tables_legal import legal_mediations
from tests import factories as f


def _run(c: Container) -> dict[str, int]:
    job_id = service.start(c, service.scheduler_principal("timers"), "timers", {})
    with c.uow(write=False) as uow:
        job = uow.jobs.get(job_id)
    assert job is not None and job.state == JobState.DONE, job
    return {k: int(v) for k, v in job.result.items() if isinstance(v, int)}


def _staff_user(c: Container, username: str, role: Role, branch_id: int, no: str) -> int:
    staff_id = f.staff(c, branch_id, no, username)
    user_id = f.user(c, username, role, "FT01")
    with c.engine.begin() as conn:
        conn.execute(update(t.users).where(t.users.c.id == user_id).values(staff_id=staff_id))
    return staff_id


def _outbox(c: Container, kind: str) -> list[tuple[str, str]]:
    with c.engine.connect() as conn:
        return [(r.idempotency_key, r.body) for r in conn.execute(
            select(outbox).where(outbox.c.kind == kind).order_by(outbox.c.id))]


def _audits(c: Container, action: str) -> list[str]:
    with c.engine.connect() as conn:
        return [r.entity_id for r in conn.execute(
            select(t.audit_events).where(t.audit_events.c.action == action))]


def test_an_overdue_case_is_told_once_a_day_and_one_inside_its_sla_gets_nothing(
        container: Container) -> None:
    """A case past its SLA gets one message per dispatcher and team member and one audit
    event; a second run the same day adds nothing; a case inside its SLA gets nothing."""
    c = container
    branch = f.branch(c)
    _staff_user(c, "dispatcher1", Role.DISPATCHER, branch, "D001")
    team = f.team(c, branch)
    late = f.case(c, f.customer(c, branch, "张伟"), branch, owner_team_id=team)
    f.case(c, f.customer(c, branch, "李四"), branch, case_no="AJ2026110000002",
           sla_due=datetime(2026, 12, 20))
    c.clock.advance(timedelta(days=30))  # type: ignore[attr-defined]  # 2026-12-02
    first = _run(c)
    assert first["sla_cases"] == 1 and first["sla_messages"] == 3
    messages = _outbox(c, "timer.sla_due")
    assert len(messages) == 3 and all(f"timer-sla-{late}-" in k for k, _ in messages)
    assert "AJ2026110000001" in messages[0][1]
    assert not any(pii in body for _, body in messages
                   for pii in ("13812345678", "440301198501011234", "张伟"))
    assert _audits(c, "case.sla_overdue") == [str(late)]
    again = _run(c)
    assert again["sla_cases"] == 0 and again["sla_messages"] == 0
    assert len(_outbox(c, "timer.sla_due")) == 3 and len(_audits(c, "case.sla_overdue")) == 1
    c.clock.advance(timedelta(days=1))  # type: ignore[attr-defined]
    assert _run(c)["sla_messages"] == 3  # a new day is a new occasion


def test_an_overdue_complaint_is_told_to_its_managers_once(container: Container) -> None:
    """A complaint past its deadline is told once to the branch's complaint handlers, with one
    ``complaint.overdue`` event, and never again on later runs."""
    c = container
    branch = f.branch(c)
    _staff_user(c, "dispatcher1", Role.DISPATCHER, branch, "D001")
    _staff_user(c, "legal1", Role.LEGAL_OFFICER, branch, "L001")
    customer = f.customer(c, branch, "张伟")
    with c.engine.begin() as conn:
        conn.execute(t.complaints.insert().values(
            customer_id=customer, branch_id=branch, channel="phone", category="attitude",
            text="态度不好", severity=2, received_at=f.NOW, complaint_no="TS2026110001"))
    c.clock.advance(timedelta(days=16))  # type: ignore[attr-defined]
    first = _run(c)
    assert first["complaints"] == 1 and first["complaint_messages"] == 1
    assert "TS2026110001" in _outbox(c, "timer.complaint")[0][1]
    c.clock.advance(timedelta(days=1))  # type: ignore[attr-defined]
    assert _run(c)["complaint_messages"] == 0
    assert len(_audits(c, "complaint.overdue")) == 1


def test_an_expiring_certificate_is_told_to_the_holder_and_trainers_once(
        container: Container) -> None:
    """A certificate expiring within 30 days is told to its holder and the branch trainers
    once per expiry date; a second run adds nothing."""
    c = container
    branch = f.branch(c)
    _staff_user(c, "trainer1", Role.TRAINER, branch, "T001")
    holder = f.staff(c, branch, "S001", "王强")
    with c.engine.begin() as conn:
        conn.execute(t.certificates.insert().values(
            staff_id=holder, kind="compliance", issued_on=date(2025, 11, 20),
            expires_on=date(2026, 11, 20)))
    first = _run(c)
    assert first["certificates"] == 1 and first["certificate_messages"] == 2
    assert "S001" in _outbox(c, "timer.certificate")[0][1]
    assert _run(c)["certificate_messages"] == 0


def test_a_mediation_past_its_clock_is_flagged_and_told_to_legal_once(
        container: Container) -> None:
    """An open mediation past its 30 days is flagged overdue and told to the branch's legal
    officers once; a second run adds nothing."""
    c = container
    branch = f.branch(c)
    _staff_user(c, "legal1", Role.LEGAL_OFFICER, branch, "L001")
    case_id = f.case(c, f.customer(c, branch, "张伟"), branch, state="escalated")
    with c.engine.begin() as conn:
        conn.execute(legal_mediations.insert().values(
            case_id=case_id, state="open", started_at=f.NOW,
            due_at=f.NOW + timedelta(days=30), started_by="legal1"))
    c.clock.advance(timedelta(days=31))  # type: ignore[attr-defined]
    first = _run(c)
    assert first["mediations"] == 1 and first["mediation_messages"] == 1
    assert "AJ2026110000001" in _outbox(c, "timer.mediation")[0][1]
    with c.uow(write=False) as uow:
        assert uow.legal.mediation(case_id).overdue_at is not None
    again = _run(c)
    assert again["mediations"] == 0 and len(_outbox(c, "timer.mediation")) == 1
    assert _audits(c, "mediation.overdue") == [str(case_id)]
