"""Customer use cases: the masked view, and revealing one field (always audited)."""

from __future__ import annotations

from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.customers.model import CustomerView, PersonalField


def customer_view(uow: UnitOfWork, principal: Principal, customer_id: int) -> CustomerView:
    require(principal, Permission.CUSTOMER_READ)
    view = uow.customers.view(customer_id)
    require_branch(principal, view.branch_id, N_("Customer"), customer_id)
    return view


def reveal(uow: UnitOfWork, principal: Principal, customer_id: int, field: PersonalField,
           purpose: str) -> str:
    """The plain value of one personal field; the reveal itself is an audit event."""
    require(principal, Permission.CUSTOMER_REVEAL)
    require_branch(principal, uow.customers.branch_of(customer_id), N_("Customer"), customer_id)
    value = uow.customers.reveal(customer_id, field)
    uow.audit(AuditEntry(principal.actor, "customer.reveal", "customer", str(customer_id),
                         None, {"field": field.value, "purpose": purpose[:200]},
                         uow.clock.now()))
    return value
