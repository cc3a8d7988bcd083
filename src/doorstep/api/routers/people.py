"""Customers (masked, reveal on purpose), login tokens and who-am-I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from doorstep.api.schemas import (
    AccountPublic,
    ComplaintPublic,
    CustomerPublic,
    MePublic,
    RevealCreate,
    RevealPublic,
    TokenCreate,
    TokenPublic,
)
from doorstep.auth import service as auth
from doorstep.core.access import PERMISSIONS, Permission, Principal
from doorstep.core.errors import AccountLocked, AuthenticationFailed
from doorstep.customers import service as customers
from doorstep.customers.model import PersonalField
from doorstep.http.deps import ContainerDep, CurrentPrincipal, ReadUowDep, UowDep, allow, public

router = APIRouter(prefix="/api/v1", tags=["people"])


@router.post("/auth/token", response_model=TokenPublic, dependencies=[public()])
def create_token(body: TokenCreate, container: ContainerDep) -> TokenPublic:
    """Exchange a user name and password for a bearer token."""
    with container.uow() as uow:
        try:
            principal = auth.authenticate(uow, body.username, body.password,
                                          container.login_policy)
        except (AuthenticationFailed, AccountLocked):
            uow.commit()  # a wrong password is counted even though the request fails
            raise
        uow.commit()
    with container.uow() as uow:
        token = auth.issue_token(uow, principal, body.name, body.days)
        uow.commit()
    return TokenPublic(access_token=token)


@router.get("/me", response_model=MePublic, dependencies=[allow(Permission.SELF)])
def me(principal: CurrentPrincipal) -> MePublic:
    """Who you are, your branch scope and what your role may do."""
    perms = sorted(p.value for p, roles in PERMISSIONS.items() if principal.role in roles)
    return MePublic(user_id=principal.user_id, username=principal.username,
                    role=principal.role.value, branch_id=principal.branch_id,
                    language=principal.language, permissions=perms)


@router.get("/customers/{customer_id}", response_model=CustomerPublic)
def get_customer(customer_id: int, uow: ReadUowDep,
                 principal: Annotated[Principal, allow(Permission.CUSTOMER_READ)]
                 ) -> CustomerPublic:
    """A customer in your scope, personal data masked."""
    v = customers.customer_view(uow, principal, customer_id)
    data = {k: getattr(v, k) for k in CustomerPublic.model_fields
            if k not in ("accounts", "complaints")}
    return CustomerPublic(
        **data, accounts=[AccountPublic(**a.__dict__) for a in v.accounts],
        complaints=[ComplaintPublic(**c.__dict__) for c in v.complaints])


@router.post("/customers/{customer_id}/reveal", response_model=RevealPublic)
def reveal(customer_id: int, body: RevealCreate, uow: UowDep,
           principal: Annotated[Principal, allow(Permission.CUSTOMER_REVEAL)]) -> RevealPublic:
    """Reveal one personal field for a stated purpose; the reveal is audited."""
    field = PersonalField(body.field)
    value = customers.reveal(uow, principal, customer_id, field, body.purpose)
    uow.commit()
    return RevealPublic(field=field.value, value=value)
