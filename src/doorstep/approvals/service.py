"""Approval use cases: make a request (inside the maker's transaction), list the approver's
queue, read one, decide it (approve / refuse), withdraw it. Every step audited.

What an approved or refused request *does* is the business of the capability that asked
for it; :mod:`doorstep.decisions.effects` maps each kind to that capability's handler and
is what the API, pages and CLI call to decide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from doorstep.approvals.model import (
    KIND_LABELS,
    KIND_PERMISSION,
    Authority,
    Kind,
    NotPending,
    Request,
    State,
    check_decision,
    may_decide,
    require_reason,
)
from doorstep.core.access import Permission, Principal
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import NotFound, PermissionDenied
from doorstep.core.i18n import N_, RECORD_LANGUAGE, Msg, label_in, translate_in
from doorstep.core.uow import UnitOfWork


@dataclass(frozen=True)
class NewRequest:
    kind: Kind
    subject_type: str
    subject_id: int
    branch_id: int | None
    summary: str
    reason: str
    amount: Decimal = Decimal("0")
    payload: dict[str, Any] = field(default_factory=dict)


def request(uow: UnitOfWork, maker: Principal, new: NewRequest) -> int:
    """Record a pending request in the caller's unit of work."""
    reason = require_reason(new.reason)
    now = uow.clock.now()
    approval_id: int = uow.approvals.add(
        kind=new.kind, subject_type=new.subject_type, subject_id=new.subject_id,
        branch_id=new.branch_id, amount=new.amount, summary=new.summary[:500],
        payload=new.payload, requested_by=maker.username, requested_at=now, reason=reason)
    uow.audit(AuditEntry(maker.actor, "approval.request", "approval", str(approval_id), None,
                         {"kind": new.kind.value, "subject": f"{new.subject_type}:"
                          f"{new.subject_id}", "amount": str(new.amount), "reason": reason,
                          "state": State.PENDING.value}, now))
    return approval_id


def _may_see(principal: Principal) -> None:
    if not principal.can(Permission.APPROVAL_DECIDE):
        raise PermissionDenied(permission=Permission.APPROVAL_DECIDE.value)


def queue(uow: UnitOfWork, principal: Principal, authority: Authority) -> list[Request]:
    """The approver's queue: pending requests this person may decide (not their own,
    within limits)."""
    _may_see(principal)
    return [r for r in uow.approvals.listing(principal.branch_id)
            if may_decide(r, principal, authority)]


def listing(uow: UnitOfWork, principal: Principal, state: State | None,
            mine: bool = False) -> list[Request]:
    """Requests in the principal's scope of the kinds their role decides; ``mine`` = those
    the principal made (any role)."""
    rows: list[Request] = uow.approvals.listing(principal.branch_id, state)
    if mine:
        return [r for r in rows if r.requested_by == principal.username]
    _may_see(principal)
    return [r for r in rows if principal.can(KIND_PERMISSION[r.kind])]


def get(uow: UnitOfWork, principal: Principal, approval_id: int) -> Request:
    """One request: its maker, or anyone who may decide requests in its scope."""
    found: Request = uow.approvals.get(approval_id)
    visible = found.requested_by == principal.username or (
        principal.can(Permission.APPROVAL_DECIDE)
        and (found.branch_id is None or principal.sees_branch(found.branch_id)))
    if not visible:
        raise NotFound(entity=Msg(N_("Approval request")), id=approval_id)
    return found


Effect = Callable[[UnitOfWork, Principal, Request], None]


@dataclass(frozen=True)
class Effects:
    """What approving and refusing a request of one kind does (the capability's handlers)."""

    on_approved: Effect
    on_refused: Effect


def decide(uow: UnitOfWork, decider: Principal, approval_id: int, approve: bool, reason: str,
           authority: Authority, effects: Effects) -> Request:
    """Approve or refuse: the decision rule, then the kind's effect, in one transaction."""
    found = get(uow, decider, approval_id)
    check_decision(found, decider, authority)
    why = require_reason(reason)
    state = State.APPROVED if approve else State.REFUSED
    now = uow.clock.now()
    uow.approvals.decide(found, state, decider.username, now, why)
    decided = Request(**{**found.__dict__, "state": state, "decided_by": decider.username,
                         "decided_at": now, "decision_reason": why,
                         "version": found.version + 1})
    (effects.on_approved if approve else effects.on_refused)(uow, decider, decided)
    uow.audit(AuditEntry(decider.actor, f"approval.{state.value}", "approval",
                         str(approval_id), {"state": State.PENDING.value},
                         {"state": state.value, "kind": found.kind.value,
                          "maker": found.requested_by, "reason": why}, now))
    return decided


def _nothing(uow: UnitOfWork, who: Principal, found: Request) -> None:
    return None


def decide_on_subject(uow: UnitOfWork, decider: Principal, subject: NewRequest, maker: str,
                      approve: bool, reason: str, authority: Authority, on_approved: Effect,
                      on_refused: Effect = _nothing) -> Request:
    """Decide a stored artefact that is itself its maker's request (a screening list, a
    model candidate, a case study): its pending request, filed in the maker's name the
    first time it is decided, goes through the same rule as every other request."""
    found = uow.approvals.pending_for_subject(subject.subject_type, subject.subject_id)
    if found is None:
        as_maker = Principal(user_id=0, username=maker, role=decider.role, branch_id=None)
        approval_id = request(uow, as_maker, subject)
    else:
        approval_id = found.id
    return decide(uow, decider, approval_id, approve, reason, authority,
                  Effects(on_approved, on_refused))


def withdraw(uow: UnitOfWork, maker: Principal, approval_id: int) -> None:
    """The maker takes back a pending request; it is then treated as refused by nobody."""
    found = get(uow, maker, approval_id)
    if found.requested_by != maker.username:
        raise NotFound(entity=Msg(N_("Approval request")), id=approval_id)
    if found.state != State.PENDING:
        raise NotPending(id=approval_id, state=found.state.value)
    now = uow.clock.now()
    uow.approvals.decide(found, State.WITHDRAWN, maker.username, now,
                         translate_in(RECORD_LANGUAGE, N_("Withdrawn by the requester")))
    uow.audit(AuditEntry(maker.actor, "approval.withdrawn", "approval", str(approval_id),
                         {"state": State.PENDING.value}, {"state": State.WITHDRAWN.value},
                         now))


def kind_label(kind: Kind, lang: str = "zh-CN") -> str:
    return label_in(KIND_LABELS[kind], lang)
