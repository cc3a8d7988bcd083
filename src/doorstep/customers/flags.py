"""The do-not-visit flag: set or lifted by a manager with a reason, taking effect only when
another authorised person approves it (maker-checker). Every step is audited."""

from __future__ import annotations

from doorstep.approvals import service as approvals
from doorstep.approvals.model import Kind, Request
from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import Conflict
from doorstep.core.i18n import N_, RECORD_LANGUAGE, translate_in
from doorstep.core.uow import UnitOfWork


def request_do_not_visit(uow: UnitOfWork, principal: Principal, customer_id: int, value: bool,
                         reason: str) -> int:
    """File a request to set (``value``) or lift the flag; the flag itself is unchanged."""
    require(principal, Permission.COMPLIANCE_OVERRIDE)
    branch_id = uow.customers.branch_of(customer_id)
    require_branch(principal, branch_id, N_("Customer"), customer_id)
    current = uow.customers.view(customer_id, holdings=False).do_not_visit
    if bool(current) == value:
        raise Conflict(N_("The customer's do-not-visit flag already has this value"))
    if uow.approvals.pending_for_subject("customer", customer_id) is not None:
        raise Conflict(N_("A do-not-visit request for this customer is already pending"))
    summary = (N_("Customer #%(id)s: set the 'do not visit' flag") if value
               else N_("Customer #%(id)s: lift the 'do not visit' flag"))
    return approvals.request(uow, principal, approvals.NewRequest(
        kind=Kind.DO_NOT_VISIT, subject_type="customer", subject_id=customer_id,
        branch_id=branch_id, summary=translate_in(RECORD_LANGUAGE, summary, id=customer_id),
        reason=reason, payload={"customer_id": customer_id, "do_not_visit": value}))


def flag_decided(uow: UnitOfWork, decider: Principal, request: Request) -> None:
    """An approved request sets or lifts the flag (no commit: the decision commits)."""
    customer_id = int(request.payload["customer_id"])
    value = bool(request.payload["do_not_visit"])
    uow.customers.set_do_not_visit(customer_id, value)
    uow.audit(AuditEntry(decider.actor, "customer.do_not_visit", "customer", str(customer_id),
                         {"do_not_visit": not value},
                         {"do_not_visit": value, "approval_id": request.id,
                          "maker": request.requested_by}, uow.clock.now()))
