"""Case list (filters via htmx) and case detail with the lifecycle command forms."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.approvals.case_overrides import submit_transition
from doorstep.cases import lifecycle, service
from doorstep.cases.model import ESCALATED_STATES, OPEN_STATES, BusinessLine, CaseState, CaseType
from doorstep.cases.queries import CaseListItem, CaseQuery, SortKey
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError, NotFound
from doorstep.core.i18n import translate, translate_in
from doorstep.customers import service as customers
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.visits.appointments import service as appointments
from doorstep.web.case_forms import TransitionForm, done_message, timeline
from doorstep.web.contact_pages import contact_panel
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
SORTS: tuple[str, ...] = get_args(SortKey)
FILTER_KEYS = ("state", "business_line", "case_type", "priority", "overdue", "q", "sort")


def _enum(kind: Any, value: str | None) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _int(value: str | None, low: int, high: int, default: int | None) -> int | None:
    return int(value) if value and value.isdigit() and low <= int(value) <= high else default


def parse_filters(params: dict[str, str]) -> CaseQuery:
    """The case query from the page's query string; unknown values are ignored."""
    state = _enum(CaseState, params.get("state"))
    sort = params.get("sort", "sla_due")
    return CaseQuery(
        states=(state,) if state else (), business_line=_enum(BusinessLine,
                                                              params.get("business_line")),
        case_type=_enum(CaseType, params.get("case_type")),
        priority=_int(params.get("priority"), 1, 5, None),
        overdue_only=params.get("overdue") in ("1", "on", "true"),
        text=params.get("q", "").strip()[:64], sort=sort if sort in SORTS else "sla_due",  # type: ignore[arg-type]
        page=_int(params.get("page"), 1, 100_000, 1) or 1, page_size=25,
    )


def past_sla(items: list[CaseListItem], now: datetime) -> set[int]:
    """Ids of open cases whose SLA due time has passed (shown red)."""
    naive = now.replace(tzinfo=None)
    return {i.id for i in items
            if i.state in OPEN_STATES and i.sla_due is not None and i.sla_due < naive}


@router.get("/cases")
def case_list(request: Request, uow: ReadUowDep,
              principal: Annotated[Principal, page(Permission.CASE_READ)]) -> Response:
    """Cases in the user's scope; htmx requests get only the table."""
    params = {k: v for k, v in request.query_params.items() if v}
    query = parse_filters(params)
    result = service.list_cases(uow, principal, query)
    kept = {k: v for k, v in params.items() if k in FILTER_KEYS}
    ctx = {
        "result": result, "query": query, "filters": kept,
        "past_sla": past_sla(result.items, uow.clock.now()),
        "page_url": lambda n: "/cases?" + urlencode({**kept, "page": n}),
        "export_url": "/api/v1/cases/export.csv?" + urlencode(
            {k: v for k, v in kept.items() if k in ("state", "business_line")}),
        "can_export": principal.can(Permission.CASE_EXPORT),
        "states": list(CaseState), "lines": list(BusinessLine), "types": list(CaseType),
        "sorts": SORTS,
    }
    htmx = request.headers.get("hx-request") and not request.headers.get(
        "hx-history-restore-request")
    response = render(request, "cases/_table.html" if htmx else "cases/list.html", ctx)
    response.headers["Vary"] = "HX-Request"
    return response


LEGAL_STATES = frozenset(ESCALATED_STATES)


def _detail(request: Request, uow: ReadUowDep, principal: Principal, case_id: int,
            flash: str = "", flash_kind: str = "ok", status: int = 200) -> Response:
    detail = service.case_detail(uow, principal, case_id)
    lang = language_of(request)
    try:
        customer = customers.customer_view(uow, principal, detail.item.customer_id)
    except (NotFound, DoorstepError):
        customer = None
    commands = [c for c in lifecycle.allowed_commands(detail.item.state)
                if principal.can(service.COMMAND_PERMISSIONS[c])]
    proposed = ([a for a in appointments.case_appointments(uow, principal, case_id)
                 if a.state == "proposed"]
                if principal.can(Permission.APPOINTMENT_MANAGE) else [])
    return render(request, "cases/detail.html", {
        "d": detail, "c": detail.item, "customer": customer, "commands": commands,
        "proposed": proposed,
        "legal_link": principal.can(Permission.CASE_LEGAL)
        and detail.item.state.value in LEGAL_STATES,
        "history": timeline(detail.history, lang), "flash": flash, "flash_kind": flash_kind,
        "overdue": bool(past_sla([detail.item], uow.clock.now())),
        "contacts": contact_panel(uow, principal, case_id, request.app.state.container.policy,
                                  lang),
    }, status_code=status)


render_detail = _detail


@router.post("/appointments/{appointment_id}/confirm-by-phone")
def confirm_by_phone(appointment_id: int, request: Request, container: ContainerDep,
                     principal: Annotated[Principal, page_form(Permission.APPOINTMENT_MANAGE)],
                     note: Annotated[str, Form(max_length=500)] = "") -> Response:
    """Staff record the customer's confirmation by phone; the case is then scheduled."""
    with container.uow(write=False) as read:
        case_id = int(read.appointments.get(appointment_id).case_id)
    try:
        with container.uow() as uow:
            appointments.confirm_by_phone(uow, principal, appointment_id, note,
                                          container.policy)
            uow.commit()
    except DoorstepError as exc:
        if isinstance(exc, NotFound):
            raise
        with container.uow(write=False) as read:
            return _detail(request, read, principal, case_id,
                           error_message(exc, language_of(request)), "error", exc.http_status)
    return RedirectResponse(f"/cases/{case_id}?done=schedule", status_code=303)


@router.get("/cases/{case_id}")
def case_detail(case_id: int, request: Request, uow: ReadUowDep,
                principal: Annotated[Principal, page(Permission.CASE_READ)],
                done: str = "", pending: int = 0) -> Response:
    """One case: customer summary, accounts, complaints, history and the actions open."""
    lang = language_of(request)
    if pending > 0:
        flash = translate("approval.pending", lang, id=pending)
    elif done == "contact":
        flash = translate_in(lang, "Contact recorded")
    else:
        flash = done_message(done, lang)
    return _detail(request, uow, principal, case_id, flash)


@router.post("/cases/{case_id}/transition")
def case_transition(case_id: int, request: Request, container: ContainerDep,
                    principal: Annotated[Principal, page_form(Permission.CASE_READ)],
                    form: Annotated[TransitionForm, Form()]) -> Response:
    """Apply one lifecycle command from the detail page's form; errors come back inline."""
    lang = language_of(request)
    try:
        cmd = form.to_command(case_id)
        with container.uow() as uow:
            done = submit_transition(uow, principal, cmd, container.policy)
            uow.commit()
    except DoorstepError as exc:
        if isinstance(exc, NotFound):
            raise
        with container.uow(write=False) as read:
            return _detail(request, read, principal, case_id, error_message(exc, lang),
                           "error", exc.http_status)
    if isinstance(done, service.Pending):
        return RedirectResponse(f"/cases/{case_id}?pending={done.approval_id}",
                                status_code=303)
    return RedirectResponse(f"/cases/{case_id}?done={cmd.command.value}", status_code=303)
