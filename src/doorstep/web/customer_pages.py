"""Customer page: masked personal data, and revealing one field on purpose (audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from doorstep.api.deps import ReadUowDep, UowDep
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import NotFound, ValidationFailed
from doorstep.customers import service as customers
from doorstep.customers.model import PERSONAL_FIELD_LABELS, PersonalField
from doorstep.web.guards import page, page_form
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/customers/{customer_id}")
def customer_page(customer_id: int, request: Request, uow: ReadUowDep,
                  principal: Annotated[Principal, page(Permission.CUSTOMER_READ)]) -> Response:
    """A customer in the user's scope, personal data masked."""
    view = customers.customer_view(uow, principal, customer_id)
    fields = [(f, PERSONAL_FIELD_LABELS[f], getattr(view, f.value)) for f in PersonalField]
    return render(request, "customers/detail.html", {
        "v": view, "fields": fields, "can_reveal": principal.can(Permission.CUSTOMER_REVEAL)})


@router.post("/customers/{customer_id}/reveal/{field}")
def reveal_field(customer_id: int, field: str, request: Request, uow: UowDep,
                 principal: Annotated[Principal, page_form(Permission.CUSTOMER_REVEAL)],
                 purpose: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Show one personal field in plain text; the service records the reveal."""
    try:
        which = PersonalField(field)
    except ValueError as exc:
        raise NotFound(entity="字段", id=field) from exc
    if len(purpose.strip()) < 2:
        raise ValidationFailed("请填写查看用途")
    value = customers.reveal(uow, principal, customer_id, which, purpose.strip())
    return render(request, "customers/_revealed.html", {"value": value})
