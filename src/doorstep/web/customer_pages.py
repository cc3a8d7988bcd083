"""Customer page: masked personal data, and revealing one field on purpose (audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.core.access import Permission, Principal
from doorstep.core.errors import NotFound, ValidationFailed
from doorstep.core.i18n import N_, Msg, label_in, translate
from doorstep.customers import flags
from doorstep.customers import service as customers
from doorstep.customers.model import PERSONAL_FIELD_LABELS, PersonalField
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep
from doorstep.http.language import language_of
from doorstep.web.guards import page, page_form
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/customers/{customer_id}")
def customer_page(customer_id: int, request: Request, uow: ReadUowDep,
                  principal: Annotated[Principal, page(Permission.CUSTOMER_READ)],
                  pending: int = 0) -> Response:
    """A customer in the user's scope, personal data masked."""
    view = customers.customer_view(uow, principal, customer_id)
    fields = [(f, label_in(PERSONAL_FIELD_LABELS[f], language_of(request)), getattr(view, f.value))
              for f in PersonalField]
    flash = translate("approval.pending", language_of(request), id=pending) if pending else ""
    return render(request, "customers/detail.html", {
        "v": view, "fields": fields, "can_reveal": principal.can(Permission.CUSTOMER_REVEAL),
        "can_flag": principal.can(Permission.COMPLIANCE_OVERRIDE), "flash": flash})


@router.post("/customers/{customer_id}/do-not-visit")
def request_flag(customer_id: int, request: Request, container: ContainerDep,
                 principal: Annotated[Principal, page_form(Permission.COMPLIANCE_OVERRIDE)],
                 value: Annotated[str, Form()], reason: Annotated[str, Form()] = "") -> Response:
    """Ask to set or lift do-not-visit with a reason; it changes once another person approves."""
    with container.uow() as uow:
        approval_id = flags.request_do_not_visit(uow, principal, customer_id, value == "set",
                                                 reason)
        uow.commit()
    return RedirectResponse(f"/customers/{customer_id}?pending={approval_id}", status_code=303)


@router.post("/customers/{customer_id}/reveal/{field}")
def reveal_field(customer_id: int, field: str, request: Request, uow: UowDep,
                 principal: Annotated[Principal, page_form(Permission.CUSTOMER_REVEAL)],
                 purpose: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Show one personal field in plain text; the service records the reveal."""
    try:
        which = PersonalField(field)
    except ValueError as exc:
        raise NotFound(entity=Msg(N_("Field")), id=field) from exc
    if len(purpose.strip()) < 2:
        raise ValidationFailed(N_("Please give the purpose of viewing"))
    value = customers.reveal(uow, principal, customer_id, which, purpose.strip())
    uow.commit()
    return render(request, "customers/_revealed.html", {"value": value})
