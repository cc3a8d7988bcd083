"""Field pages (phone first): today's agenda, the customer brief with the visit form,
check-in, exactly-once submission for field.js, and the public satisfaction survey."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from doorstep.api.deps import ContainerDep, ReadUowDep, public
from doorstep.api.errors import language_of
from doorstep.api.routers.visits import CheckInIn, read_uploads, submit
from doorstep.api.visit_schemas import to_public
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import register
from doorstep.visits.records import field, surveys
from doorstep.visits.records.config import field_params
from doorstep.visits.records.model import OUTCOME_LABELS
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
register({
    "web.nav.field": ("今日外访", "Field day"),
    "web.field.title": ("今日外访", "Today's visits"),
    "web.field.none": ("今天没有预约的上门任务", "No visits booked for today"),
})


@router.get("/field")
def agenda(request: Request, uow: ReadUowDep,
           principal: Annotated[Principal, page(Permission.CASE_VISIT)]) -> Response:
    """Today's appointments of the signed-in officer's team, in slot order."""
    items = [(r, field.nav_link(r.lat, r.lon, r.district)) for r in field.agenda(uow, principal)]
    return render(request, "field/agenda.html", {"items": items})


@router.get("/field/cases/{case_id}")
def brief(case_id: int, request: Request, uow: ReadUowDep,
          principal: Annotated[Principal, page(Permission.CASE_VISIT)],
          appointment: int | None = None) -> Response:
    """The customer brief (masked) and the visit form with check-in."""
    b = field.brief(uow, principal, case_id)
    lang = language_of(request)
    outcomes = [(o.value, label(pair, lang)) for o, pair in OUTCOME_LABELS.items()]
    return render(request, "field/visit.html", {"b": b, "appointment": appointment,
                                                "outcomes": outcomes})


def _json_error(exc: DoorstepError, request: Request) -> JSONResponse:
    return JSONResponse({"error": {"code": exc.code,
                                   "message": error_message(exc, language_of(request))}},
                        status_code=exc.http_status)


@router.post("/field/check-in")
def check_in(request: Request, body: CheckInIn, container: ContainerDep,
             principal: Annotated[Principal, page_form(Permission.CASE_VISIT)]) -> Response:
    """Check in from the phone (field.js sends the browser's position)."""
    try:
        with container.uow() as uow:
            distance, flagged = field.check_in(
                uow, principal, field.CheckIn(body.case_id, body.appointment_id, body.lat,
                                              body.lon), field_params(container.settings))
    except DoorstepError as exc:
        return _json_error(exc, request)
    return JSONResponse({"distance_m": distance, "flagged": flagged})


@router.post("/field/visits")
async def submit_visit(
    request: Request, container: ContainerDep,
    principal: Annotated[Principal, page_form(Permission.CASE_VISIT)],
    record: Annotated[str, Form()], files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """The visit form as field.js sends it, once per idempotency key."""
    try:
        uploads = await read_uploads(container, [f for f in files or [] if f.filename])
        result = await run_in_threadpool(submit, container, principal, record, uploads)
    except DoorstepError as exc:
        return _json_error(exc, request)
    return JSONResponse(to_public(result).model_dump(mode="json"),
                        status_code=200 if result.replayed else 201)


@router.get("/survey/{token}", dependencies=[public()])
def survey(token: str, request: Request, uow: ReadUowDep) -> Response:
    """The customer's satisfaction survey (no login; the link is the key)."""
    return render(request, "field/survey.html", {"open": surveys.survey_open(uow, token),
                                                 "token": token})


@router.post("/survey/{token}", dependencies=[public()])
def answer(token: str, request: Request, container: ContainerDep,
           csat: Annotated[int, Form()], nps: Annotated[int, Form()],
           comment: Annotated[str, Form()] = "") -> Response:
    """Store the survey answer once."""
    ctx: dict[str, Any] = {"open": False, "token": token, "thanks": True}
    try:
        with container.uow() as uow:
            surveys.answer_survey(uow, token, csat, nps, comment)
    except DoorstepError as exc:
        ctx = {"open": False, "token": token, "error": error_message(exc,
                                                                     language_of(request))}
    return render(request, "field/survey.html", ctx)
