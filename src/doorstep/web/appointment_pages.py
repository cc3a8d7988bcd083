"""The customer's appointment link (public): confirm, choose another slot, or decline."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, catalogue, normalise
from doorstep.http.context import link_context
from doorstep.http.deps import ContainerDep, public
from doorstep.http.language import language_of
from doorstep.teams.model import ROLE_LABELS
from doorstep.visits.appointments import service
from doorstep.visits.appointments.links import LinkView, link_view
from doorstep.web.i18n import label
from doorstep.web.rendering import render

_log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
#: How a slot's start is written (the end is always %H:%M).
SLOT_FORMAT = N_("%d %b %Y %H:%M")
STATUS_CODES = {"ok": 200, "done": 200, "used": 410, "expired": 410, "invalid": 404}


def _context(request: Request, view: LinkView, token: str) -> dict[str, Any]:
    lang = language_of(request)
    return {"v": view, "token": token,
            # a strftime pattern, so read from the catalogue without %-formatting
            "slot_format": catalogue(normalise(lang)).gettext(SLOT_FORMAT),
            "role_name": lambda code: label(ROLE_LABELS[code], lang) if code in ROLE_LABELS
            else code}


@router.get("/a/{token}", dependencies=[public()])
def show(token: str, request: Request, container: ContainerDep) -> Response:
    """The appointment as the customer sees it: bank, staff names and numbers, slots."""
    with container.uow(write=False) as uow:
        view = link_view(uow, token, link_context(container))
    return render(request, "appointments/link.html", _context(request, view, token),
                  status_code=STATUS_CODES[view.status])


@router.post("/a/{token}", dependencies=[public()])
def answer(token: str, request: Request, container: ContainerDep,
           action: Annotated[str, Form()], choice: Annotated[int, Form()] = 0) -> Response:
    """Confirm, choose another offered slot, or decline; the link is used up."""
    with container.uow() as uow:
        view = service.respond(uow, token, action, choice, link_context(container),
                               container.policy)
        uow.commit()
    if view.done in ("confirmed", "moved") and view.appointment is not None:
        try:  # routes already planned for the day follow the customer's answer
            with container.uow() as uow:
                service.replan_for_customer(uow, view.appointment.case_id)
                uow.commit()
        except DoorstepError as exc:  # the answer stands; the dispatcher re-plans by hand
            _log.warning("re-plan after the customer's answer failed: %s", exc)
    return render(request, "appointments/link.html", _context(request, view, token),
                  status_code=STATUS_CODES[view.status])
