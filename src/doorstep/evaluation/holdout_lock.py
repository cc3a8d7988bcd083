"""Holdout lock: a held-out customer stays out of later screening runs and hand-opened
visit cases until their measurement window (the longest, 90 days after the run) closes.
The rule itself (:func:`locks`, :func:`refuse_if_locked`) lives in ``screening.holdout``,
beside the runs that draw the holdout, and is re-exported here; this module is the lift.

A programme manager may lift the lock for one customer with a reason; another programme
manager decides (maker–checker). Everything goes through :func:`lift_holdout_lock` — a
:class:`RequestLift` or a :class:`DecideLift` — each step an audit event, so the flow can
later move onto the general approvals mechanism. Every approved lift is reported as
contamination on the effect page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from doorstep.core.access import Permission, Principal
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from doorstep.core.i18n import N_, Msg, codes
from doorstep.core.uow import UnitOfWork
from doorstep.screening.holdout import (  # the rule lives with the runs that draw holdouts
    LOCK_DAYS as LOCK_DAYS,
)
from doorstep.screening.holdout import HoldoutLocked as HoldoutLocked
from doorstep.screening.holdout import locked_customers
from doorstep.screening.holdout import locks as locks
from doorstep.screening.holdout import refuse_if_locked as refuse_if_locked

MIN_REASON = 4

codes({
    'evaluation.lift_not_locked': N_('Customer %(customer_id)s is not under a holdout lock'),
    'evaluation.lift_reason': N_('A lift needs a reason (at least 4 characters)'),
    'evaluation.lift_self': N_('Another programme manager must decide; not the requester'),
    'evaluation.lift_decided': N_('Lift request %(id)s was already decided (%(status)s)'),
})


class NotLocked(Conflict):
    code = "evaluation.lift_not_locked"


class LiftReasonRequired(ValidationFailed):
    code = "evaluation.lift_reason"


class SelfDecision(PermissionDenied):
    code = "evaluation.lift_self"


class LiftDecided(Conflict):
    code = "evaluation.lift_decided"


@dataclass(frozen=True)
class RequestLift:
    """Ask to lift one held-out customer's lock, with a reason."""

    customer_id: int
    reason: str


@dataclass(frozen=True)
class DecideLift:
    """Approve or reject a pending request (by a manager other than the requester)."""

    lift_id: int
    approve: bool
    note: str = ""


def lift_holdout_lock(uow: UnitOfWork, principal: Principal,
                      cmd: RequestLift | DecideLift) -> int:
    """Request a lift, or decide one; the request id. Needs ``plan.manage`` (programme
    manager); the decider must not be the requester. One audit event per step; commits."""
    if not principal.can(Permission.PLAN_MANAGE):
        raise PermissionDenied(permission=Permission.PLAN_MANAGE.value)
    now = uow.clock.now()
    if isinstance(cmd, RequestLift):
        return _request(uow, principal, cmd, now)
    row = uow.evaluation.lift(cmd.lift_id)
    if row is None:
        raise NotFound(entity=Msg(N_("Lift request")), id=cmd.lift_id)
    if row.status != "pending":
        raise LiftDecided(id=cmd.lift_id, status=row.status)
    if row.requested_by == principal.username:
        raise SelfDecision()
    status = "approved" if cmd.approve else "rejected"
    if not uow.evaluation.decide_lift(cmd.lift_id, status, principal.username, now,
                                      cmd.note.strip()):
        raise LiftDecided(id=cmd.lift_id, status="?")
    uow.audit(AuditEntry(principal.actor, f"holdout.lift_{status}", "customer",
                         str(row.customer_id), {"status": "pending"},
                         {"status": status, "lift_id": cmd.lift_id, "run_id": row.run_id,
                          "note": cmd.note.strip()}, now))
    return cmd.lift_id


def _request(uow: UnitOfWork, principal: Principal, cmd: RequestLift, now: datetime) -> int:
    if len(cmd.reason.strip()) < MIN_REASON:
        raise LiftReasonRequired()
    found = locked_customers(uow, [cmd.customer_id]).get(cmd.customer_id)
    if found is None:
        raise NotLocked(customer_id=cmd.customer_id)
    lift_id = uow.evaluation.add_lift({
        "customer_id": cmd.customer_id, "run_id": found[0], "reason": cmd.reason.strip(),
        "status": "pending", "requested_by": principal.username, "requested_at": now})
    uow.audit(AuditEntry(principal.actor, "holdout.lift_requested", "customer",
                         str(cmd.customer_id), None,
                         {"lift_id": lift_id, "run_id": found[0], "reason": cmd.reason.strip(),
                          "until": found[1].isoformat()}, now))
    return lift_id
