"""What the clock made due: cases past their SLA, mediations past their 30 days, complaints
open longer than 15 days (counts for the timers job), and the staff to tell about them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, insert, or_, select, update

from doorstep.cases.model import TERMINAL_STATES
from doorstep.core.clock import naive_utc
from doorstep.store.tables import audit_events, cases, complaints, staff, teams, users
from doorstep.store.tables_dispatch import outbox
from doorstep.store.tables_legal import legal_mediations

COMPLAINT_DAYS = 15


def due_counts(conn: Connection, now: datetime) -> dict[str, int]:
    """Counts of what is overdue at ``now``."""
    at = naive_utc(now)
    closed = [s.value for s in TERMINAL_STATES]

    def count(q: object) -> int:
        return int(conn.execute(q).scalar_one())  # type: ignore[call-overload]

    return {
        "sla_overdue": count(select(func.count()).select_from(cases).where(
            cases.c.sla_due < at, cases.c.state.not_in(closed))),
        "mediation_overdue": count(select(func.count()).select_from(legal_mediations).where(
            legal_mediations.c.due_at < at, legal_mediations.c.ended_at.is_(None))),
        "complaints_overdue": count(select(func.count()).select_from(complaints).where(
            complaints.c.received_at < at - timedelta(days=COMPLAINT_DAYS),
            complaints.c.closed_at.is_(None))),
    }


def sla_overdue_cases(conn: Connection, now: datetime) -> list[Any]:
    """Open cases past their SLA: id, case number, branch and owning team."""
    closed = [s.value for s in TERMINAL_STATES]
    return list(conn.execute(select(
        cases.c.id, cases.c.case_no, cases.c.branch_id, cases.c.owner_team_id,
        cases.c.sla_due).where(cases.c.sla_due < naive_utc(now),
                               cases.c.state.not_in(closed)).order_by(cases.c.id)))


def branch_role_staff(conn: Connection, branch_id: int | None,
                      roles: list[str]) -> list[tuple[int, str]]:
    """(staff id, sealed phone) of the active users with one of ``roles`` whose scope holds
    the branch (their own branch, or all branches); users without a staff record have no
    phone to reach."""
    scope: ColumnElement[bool] = users.c.branch_id.is_(None)
    if branch_id is not None:
        scope = or_(scope, users.c.branch_id == branch_id)
    rows = conn.execute(select(staff.c.id, staff.c.phone_enc).join(
        users, users.c.staff_id == staff.c.id).where(
        users.c.role.in_(roles), scope, staff.c.active.is_(True))
        .order_by(staff.c.id).distinct())
    return [(int(r.id), str(r.phone_enc)) for r in rows]


def team_staff(conn: Connection, team_id: int | None) -> list[tuple[int, str]]:
    """(staff id, sealed phone) of both members of a team."""
    if team_id is None:
        return []
    team = conn.execute(select(teams.c.member_a_id, teams.c.member_b_id).where(
        teams.c.id == team_id)).first()
    if team is None:
        return []
    rows = conn.execute(select(staff.c.id, staff.c.phone_enc).where(
        or_(staff.c.id == team.member_a_id, staff.c.id == team.member_b_id))
        .order_by(staff.c.id))
    return [(int(r.id), str(r.phone_enc)) for r in rows]


def overdue_complaints(conn: Connection, now: datetime) -> list[Any]:
    """Open complaints past their handling deadline (``due_at``, else 15 days)."""
    at = naive_utc(now)
    return list(conn.execute(select(
        complaints.c.id, complaints.c.complaint_no, complaints.c.branch_id,
        complaints.c.received_at, complaints.c.due_at).where(
        complaints.c.closed_at.is_(None), or_(
            complaints.c.due_at < at, complaints.c.due_at.is_(None)
            & (complaints.c.received_at < at - timedelta(days=COMPLAINT_DAYS))))
        .order_by(complaints.c.id)))


def audited_since(conn: Connection, action: str, entity_id: str,
                  since: datetime | None) -> bool:
    """Whether ``action`` on ``entity_id`` was already audited (at or after ``since``)."""
    q = select(audit_events.c.seq).where(
        audit_events.c.action == action, audit_events.c.entity_id == entity_id)
    if since is not None:
        q = q.where(audit_events.c.at >= naive_utc(since))
    return conn.execute(q.limit(1)).first() is not None


def queue_staff(conn: Connection, *, kind: str, phone_enc: str, body: str, key: str,
                at: datetime) -> bool:
    """An SMS to a staff member unless ``key`` was queued before; ``True`` when new.

    No ``case_id``: a message to the bank's staff is not a contact with the customer."""
    if conn.execute(select(outbox.c.id).where(outbox.c.idempotency_key == key)).first():
        return False
    conn.execute(insert(outbox).values(
        channel="sms", kind=kind, recipient_enc=phone_enc, subject="", body=body,
        case_id=None, idempotency_key=key, created_at=naive_utc(at), not_before=naive_utc(at),
        attempts=0))
    return True


def staff_contact(conn: Connection, staff_id: int) -> tuple[int, str] | None:
    """(branch id, sealed phone) of one staff member."""
    row = conn.execute(select(staff.c.branch_id, staff.c.phone_enc).where(
        staff.c.id == staff_id)).first()
    return None if row is None else (int(row.branch_id), str(row.phone_enc))


def overdue_mediations(conn: Connection, now: datetime) -> list[Any]:
    """Open mediations past their due date and not yet flagged: id, case and branch."""
    return list(conn.execute(select(
        legal_mediations.c.id, legal_mediations.c.due_at, cases.c.id.label("case_id"),
        cases.c.case_no, cases.c.branch_id).join(
        cases, cases.c.id == legal_mediations.c.case_id).where(
        legal_mediations.c.due_at < naive_utc(now), legal_mediations.c.ended_at.is_(None),
        legal_mediations.c.overdue_at.is_(None)).order_by(legal_mediations.c.id)))


def flag_mediation(conn: Connection, mediation_id: int, now: datetime) -> bool:
    """Mark a mediation overdue unless it already is; ``True`` when this call flagged it."""
    done = conn.execute(update(legal_mediations).where(
        legal_mediations.c.id == mediation_id, legal_mediations.c.overdue_at.is_(None))
        .values(overdue_at=naive_utc(now)))
    return done.rowcount == 1
