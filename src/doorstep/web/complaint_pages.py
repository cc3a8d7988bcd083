"""The complaint queue with its handling clock (15 days, once extended to 30 with a reason),
the regulator flag, and the forms to register, extend and close a complaint. Renders and
calls ``complaints.service``; decides nothing (the service checks who may)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from doorstep.complaints import service
from doorstep.complaints.clock import CHANNEL_LABELS, ComplaintChannel
from doorstep.complaints.listing import QueueLine, Show
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError, NotFound, PermissionDenied
from doorstep.core.i18n import N_, translate_in
from doorstep.core.uow import UnitOfWork
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
SHOW_NAMES: dict[Show, str] = {
    Show.OPEN: N_("Open complaints"), Show.OVERDUE: N_("Past their deadline"),
    Show.CLOSED: N_("Handled complaints"), Show.ALL: N_("All complaints")}
DONE: dict[str, str] = {
    "registered": N_("Complaint #%(id)s registered; it is due in 15 days"),
    "extended": N_("Complaint #%(id)s extended once, to 30 days from receipt"),
    "closed": N_("Complaint #%(id)s closed"),
}


class RegisterForm(BaseModel):
    customer_id: int = Field(ge=1)
    channel: ComplaintChannel
    category: str = Field(min_length=1, max_length=32)
    text: str = Field(min_length=1, max_length=4000)
    severity: int = Field(3, ge=1, le=5)


def _channel(value: str, lang: str) -> str:
    try:
        return label(CHANNEL_LABELS[ComplaintChannel(value)], lang)
    except ValueError:
        return value


def _row(q: QueueLine, lang: str) -> dict[str, Any]:
    c = q.complaint
    return {"id": c.id, "customer_id": c.customer_id, "customer": c.customer_name,
            "branch": c.branch_name, "channel": _channel(c.channel, lang),
            "category": c.category, "text": c.text, "severity": c.severity,
            "received": c.received_at, "due": c.due_at, "days_left": q.days_left,
            "overdue": q.overdue, "extended": c.extended_at is not None,
            "extension_reason": c.extension_reason, "closed": c.closed_at,
            "regulator": c.from_regulator, "can_extend": q.can_extend}


def _page(request: Request, uow: UnitOfWork, principal: Principal, show: Show,
          branch: int | None, customer: int | None, flash: str = "", kind: str = "ok",
          status: int = 200) -> Response:
    lang = language_of(request)
    lines = service.complaint_queue(uow, principal, show, branch, customer)
    head_office = principal.branch_id is None
    return render(request, "complaints/queue.html", {
        "rows": [_row(q, lang) for q in lines], "show": show.value,
        "shows": [(s.value, translate_in(lang, name)) for s, name in SHOW_NAMES.items()],
        "branches": uow.dispatch.branches() if head_office else [], "branch": branch,
        "customer": customer, "can_manage": principal.can(Permission.COMPLAINT_MANAGE),
        "channels": [(c.value, label(CHANNEL_LABELS[c], lang)) for c in ComplaintChannel
                     if c != ComplaintChannel.SURVEY],
        "flash": flash, "flash_kind": kind}, status_code=status)


def _show(value: str) -> Show:
    return Show(value) if value in set(Show) else Show.OPEN


@router.get("/complaints")
def complaint_queue(request: Request, uow: ReadUowDep,
                    principal: Annotated[Principal, page(Permission.CASE_READ)],
                    show: str = "open", branch: int | None = None,
                    customer: int | None = None, done: str = "", id: int = 0) -> Response:
    """The complaint queue: deadline, days left, overdue first, the regulator flag."""
    lang = language_of(request)
    flash = translate_in(lang, DONE[done], id=id) if done in DONE else ""
    return _page(request, uow, principal, _show(show), branch, customer, flash)


def _refused(request: Request, container: Any, principal: Principal,
             exc: DoorstepError) -> Response:
    """A broken rule shown on the queue page with its status; nothing was written."""
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    with container.uow(write=False) as read:
        return _page(request, read, principal, Show.OPEN, None, None,
                     error_message(exc, language_of(request)), "error", exc.http_status)


def _done(what: str, complaint_id: int) -> Response:
    return RedirectResponse(f"/complaints?done={what}&id={complaint_id}", status_code=303)


@router.post("/complaints")
def register(request: Request, container: ContainerDep,
             principal: Annotated[Principal, page_form(Permission.COMPLAINT_MANAGE)],
             form: Annotated[RegisterForm, Form()]) -> Response:
    """Register a complaint received now; a 12378 complaint flags the customer."""
    try:
        with container.uow() as uow:
            new = service.NewComplaint(form.customer_id, form.channel.value, form.category,
                                       form.text, form.severity, uow.clock.now())
            complaint_id = service.register_complaint(uow, principal, new)
            uow.commit()
    except DoorstepError as exc:
        return _refused(request, container, principal, exc)
    return _done("registered", complaint_id)


@router.post("/complaints/{complaint_id}/extend")
def extend(complaint_id: int, request: Request, container: ContainerDep,
           principal: Annotated[Principal, page_form(Permission.COMPLAINT_MANAGE)],
           reason: Annotated[str, Form(max_length=500)] = "") -> Response:
    """Extend the handling deadline once, to 30 days from receipt, with a reason."""
    try:
        with container.uow() as uow:
            service.extend_complaint(uow, principal, complaint_id, reason)
            uow.commit()
    except DoorstepError as exc:
        return _refused(request, container, principal, exc)
    return _done("extended", complaint_id)


@router.post("/complaints/{complaint_id}/close")
def close(complaint_id: int, request: Request, container: ContainerDep,
          principal: Annotated[Principal, page_form(Permission.COMPLAINT_MANAGE)],
          outcome: Annotated[str, Form(min_length=2, max_length=2000)]) -> Response:
    """Close a complaint with its outcome (kept in the audit trail)."""
    try:
        with container.uow() as uow:
            service.close_complaint(uow, principal, complaint_id, outcome)
            uow.commit()
    except DoorstepError as exc:
        return _refused(request, container, principal, exc)
    return _done("closed", complaint_id)
