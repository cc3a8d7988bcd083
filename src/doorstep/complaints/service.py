"""Complaint use cases: register (deadline set, regulator flag raised), extend once with a
reason, close, and the overdue list for the home and audit pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from doorstep.complaints import clock
from doorstep.complaints.clock import ComplaintChannel
from doorstep.complaints.listing import QueueLine, Show, queue
from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import naive_utc, utc
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork


@dataclass(frozen=True)
class NewComplaint:
    customer_id: int
    channel: str
    category: str
    text: str
    severity: int
    received_at: datetime
    account_id: int | None = None


def register_complaint(uow: UnitOfWork, principal: Principal, new: NewComplaint) -> int:
    """Store a complaint with its 15-day deadline; a 12378 complaint flags the customer.

    The text is scored later by ``doorstep screening score-texts`` (texts without a score).
    """
    require(principal, Permission.COMPLAINT_MANAGE)
    if new.channel not in set(ComplaintChannel):
        raise clock.BadChannel(channels=", ".join(c.value for c in ComplaintChannel))
    if not new.text.strip() or not 1 <= new.severity <= 5:
        raise ValidationFailed(N_("The complaint needs a text, and a severity of 1–5"))
    branch_id = uow.screening.customer_branch(new.customer_id)
    require_branch(principal, branch_id, N_("Customer"), new.customer_id)
    complaint_id: int = uow.contacts.add_complaint(
        customer_id=new.customer_id, account_id=new.account_id, branch_id=branch_id,
        channel=new.channel, category=new.category, text=new.text, severity=new.severity,
        received_at=naive_utc(new.received_at), due_at=naive_utc(clock.due(new.received_at)),
        recorded_by=principal.username)
    flagged = clock.sets_regulator_flag(new.channel)
    if flagged:
        uow.contacts.set_regulator_flag(new.customer_id)
    uow.audit(AuditEntry(principal.actor, "complaint.record", "complaint", str(complaint_id),
                         None, {"channel": new.channel, "severity": new.severity,
                                "due_at": clock.due(new.received_at).isoformat(),
                                "regulator_flag": flagged}, uow.clock.now()))
    return complaint_id


def _state(uow: UnitOfWork, principal: Principal, complaint_id: int) -> Any:
    require(principal, Permission.COMPLAINT_MANAGE)
    row = uow.contacts.complaint(complaint_id)
    require_branch(principal, row.branch_id, N_("Complaint"), complaint_id)
    return row


def extend_complaint(uow: UnitOfWork, principal: Principal, complaint_id: int,
                     reason: str) -> datetime:
    """Extend the handling deadline once, to 30 days from receipt, with a reason."""
    row = _state(uow, principal, complaint_id)
    new_due = clock.extend(clock.ClockState(complaint_id, utc(row.received_at),
                                            row.extended_at is not None,
                                            row.closed_at is not None), reason)
    now = uow.clock.now()
    uow.contacts.update_complaint(complaint_id, due_at=naive_utc(new_due),
                                  extended_at=naive_utc(now), extension_reason=reason.strip())
    uow.audit(AuditEntry(principal.actor, "complaint.extend", "complaint", str(complaint_id),
                         {"due_at": utc(row.due_at).isoformat() if row.due_at else None},
                         {"due_at": new_due.isoformat(), "reason": reason.strip()}, now))
    return new_due


def close_complaint(uow: UnitOfWork, principal: Principal, complaint_id: int,
                    note: str | None = None) -> None:
    """Mark a complaint handled; an optional resolution note goes into the audit entry."""
    row = _state(uow, principal, complaint_id)
    if row.closed_at is not None:
        raise clock.AlreadyClosed(id=complaint_id)
    now = uow.clock.now()
    uow.contacts.update_complaint(complaint_id, closed_at=naive_utc(now))
    uow.audit(AuditEntry(principal.actor, "complaint.close", "complaint", str(complaint_id),
                         None, {"closed_at": now.isoformat(),
                                "note": note.strip() if note else None}, now))


@dataclass(frozen=True)
class OverdueComplaint:
    id: int
    customer_name: str
    channel: str
    category: str
    received_at: datetime
    due_at: datetime
    extended: bool
    days_overdue: int


def overdue_complaints(uow: UnitOfWork, principal: Principal,
                       limit: int = 50) -> list[OverdueComplaint]:
    """Open complaints past their deadline in the principal's branch (or all), worst first."""
    require(principal, Permission.CASE_READ)
    now = uow.clock.now()
    return [OverdueComplaint(r.id, r.customer_name, r.channel, r.category, utc(r.received_at),
                             utc(r.due_at), r.extended_at is not None,
                             (now - utc(r.due_at)).days)
            for r in uow.contacts.overdue_complaints(now, principal.branch_id, limit)]


def open_complaints(uow: UnitOfWork, principal: Principal,
                    overdue_only: bool = False) -> list[OverdueComplaint]:
    """Open complaints in the principal's branch (or all), overdue first; ``days_overdue``
    is negative while the deadline is still ahead."""
    if overdue_only:
        return overdue_complaints(uow, principal, limit=200)
    require(principal, Permission.CASE_READ)
    now = uow.clock.now()
    return [OverdueComplaint(r.id, r.customer_name, r.channel, r.category, utc(r.received_at),
                             utc(r.due_at), r.extended_at is not None,
                             (now - utc(r.due_at)).days)
            for r in uow.contacts.open_complaints(principal.branch_id)]


def complaint_queue(uow: UnitOfWork, principal: Principal, show: Show = Show.OPEN,
                    branch_id: int | None = None,
                    customer_id: int | None = None) -> list[QueueLine]:
    """The complaint queue: overdue first, with days left; a branch user sees their branch
    only, head office any branch (``branch_id``) or all."""
    require(principal, Permission.CASE_READ)
    if principal.branch_id is not None:
        branch_id = principal.branch_id
    closed = {Show.CLOSED: True, Show.ALL: None}.get(show, False)
    records = uow.contacts.complaint_records(branch_id, customer_id, closed)
    return queue(records, uow.clock.now(), show)
