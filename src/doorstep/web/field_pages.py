"""Field pages (phone first): today's agenda, the customer brief with the visit form,
check-in, exactly-once submission for field.js, the public satisfaction survey, and the
programme manager's fee-waiver approvals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from doorstep.container import Container
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError, NotFound
from doorstep.core.i18n import _, translate_in, using_language
from doorstep.http.deps import ContainerDep, ReadUowDep, public
from doorstep.http.language import language_of
from doorstep.http.uploads import read_uploads
from doorstep.http.visit_schemas import CheckInIn, parse_record, to_public, to_submission
from doorstep.visits.records import agreements, door, field, service, surveys
from doorstep.visits.records.config import field_params, file_store
from doorstep.visits.records.model import OUTCOME_LABELS, SubmitResult, Upload
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)


def _js_messages() -> dict[str, str]:
    """What field.js shows, in the current language (it fills in the ``%(name)s`` parts)."""
    return {
        "checked_in": _("Checked in, %(distance)s from the address"),
        "checked_out": _("Checked out, %(distance)s from the address"),
        "done": _("Submitted (record %(id)s), case state: %(state)s"),
        "draft_check_in": _("Checked in (draft)"),
        "files_kept": _("%(n)s attachment(s) kept on the phone; sent with the record"),
        "flagged": _(" (too far, flagged)"),
        "metres": _("%(n)s m"),
        "offline": _("No network: the record is kept on the phone and sent when the network "
                     "returns"),
        "offline_check_in": _("Checked in offline; sent with the record"),
        "presence_done": _("Your presence is confirmed"),
        "submitting": _("Submitting…"),
        "unknown": _("unknown"),
    }


@router.get("/field")
def agenda(request: Request, uow: ReadUowDep,
           principal: Annotated[Principal, page(Permission.CASE_VISIT)]) -> Response:
    """Today's route of the signed-in officer's team (stop order, planned arrival, travel
    between stops, navigation), and any booked appointment not yet in the route."""
    stops = field.day_route(uow, principal)
    routed = {s.case_id for s in stops}
    items = [(r, field.nav_links(r.lat, r.lon, r.district))
             for r in field.agenda(uow, principal) if r.case_id not in routed]
    return render(request, "field/agenda.html", {"items": items, "stops": stops})


STATIC = Path(__file__).resolve().parent / "static"


@router.get("/sw.js", dependencies=[public()])
def service_worker() -> Response:
    """The field app's service worker, from the root so that its scope is the whole app."""
    return FileResponse(STATIC / "js" / "sw.js", media_type="application/javascript",
                        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"})


@router.get("/manifest.json", dependencies=[public()])
def manifest(request: Request) -> Response:
    """The web app manifest: the field app installs to the phone's home screen."""
    lang = language_of(request)
    return JSONResponse({"name": translate_in(lang, "Doorstep field visits"),
                         "short_name": translate_in(lang, "Today's visits"),
                         "start_url": "/field", "scope": "/", "display": "standalone",
                         "background_color": "#ffffff", "theme_color": "#1f4e79",
                         "lang": language_of(request),
                         "icons": [{"src": "/static/img/icon.svg", "sizes": "any",
                                    "type": "image/svg+xml"}]},
                        media_type="application/manifest+json")


@router.get("/field/cases/{case_id}")
def brief(case_id: int, request: Request, uow: ReadUowDep,
          principal: Annotated[Principal, page(Permission.CASE_VISIT)],
          appointment: int | None = None) -> Response:
    """The customer brief (masked) and the visit form with check-in."""
    b = field.brief(uow, principal, case_id)
    present = door.confirmed_present(uow, case_id)
    lang = language_of(request)
    outcomes = [(o.value, label(pair, lang)) for o, pair in OUTCOME_LABELS.items()]
    with using_language(lang):
        js_messages = _js_messages()
    return render(request, "field/visit.html", {"b": b, "appointment": appointment,
                                                "outcomes": outcomes, "present": present,
                                                "js_messages": js_messages})


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
            uow.commit()
    except DoorstepError as exc:
        return _json_error(exc, request)
    return JSONResponse({"distance_m": distance, "flagged": flagged})


def _at_door(request: Request, body: CheckInIn, container: ContainerDep, principal: Principal,
             act: Any) -> Response:
    try:
        with container.uow() as uow:
            distance, flagged = act(uow, principal, field.CheckIn(
                body.case_id, body.appointment_id, body.lat, body.lon),
                field_params(container.settings))
            uow.commit()
    except DoorstepError as exc:
        return _json_error(exc, request)
    return JSONResponse({"distance_m": distance, "flagged": flagged})


@router.post("/field/check-out")
def check_out(request: Request, body: CheckInIn, container: ContainerDep,
              principal: Annotated[Principal, page_form(Permission.CASE_VISIT)]) -> Response:
    """Check out at the door with the phone's position."""
    return _at_door(request, body, container, principal, door.check_out)


@router.post("/field/presence")
def presence(request: Request, body: CheckInIn, container: ContainerDep,
             principal: Annotated[Principal, page_form(Permission.CASE_VISIT)]) -> Response:
    """The signed-in member confirms their own presence from their own phone."""
    return _at_door(request, body, container, principal, door.confirm_presence)


def _submit(container: Container, principal: Principal, record: str,
            uploads: list[Upload]) -> SubmitResult:
    """Parse the form's JSON record and hand it to the visit service (one transaction)."""
    submission = to_submission(parse_record(record), uploads)
    return service.submit_visit(container.uow, principal, submission, container.policy,
                                field_params(container.settings),
                                file_store(container.settings))


@router.post("/field/visits")
async def submit_visit(
    request: Request, container: ContainerDep,
    principal: Annotated[Principal, page_form(Permission.CASE_VISIT)],
    record: Annotated[str, Form()], files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """The visit form as field.js sends it, once per idempotency key."""
    try:
        uploads = await read_uploads(container, [f for f in files or [] if f.filename])
        result = await run_in_threadpool(_submit, container, principal, record, uploads)
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
            uow.commit()
    except DoorstepError as exc:
        ctx = {"open": False, "token": token, "error": error_message(exc,
                                                                     language_of(request))}
    return render(request, "field/survey.html", ctx)


def _waivers(request: Request, uow: ReadUowDep, principal: Principal, flash: str = "",
             flash_kind: str = "ok", status: int = 200) -> Response:
    rows = agreements.pending_fee_waivers(uow, principal)
    return render(request, "field/waivers.html", {"rows": rows, "flash": flash,
                                                  "flash_kind": flash_kind}, status_code=status)


@router.get("/agreements/waivers")
def waivers(request: Request, uow: ReadUowDep,
            principal: Annotated[Principal, page(Permission.AGREEMENT_APPROVE)],
            done: int | None = None) -> Response:
    """Agreements whose fee waiver awaits a programme manager's approval."""
    flash = translate_in(language_of(request), "Fee waiver of agreement %(id)s approved",
                         id=done) if done else ""
    return _waivers(request, uow, principal, flash)


@router.post("/agreements/{agreement_id}/approve-fee-waiver")
def approve_waiver(agreement_id: int, request: Request, container: ContainerDep,
                   principal: Annotated[Principal, page_form(Permission.AGREEMENT_APPROVE)]
                   ) -> Response:
    """Approve one fee waiver from the list; a refusal comes back inline."""
    try:
        with container.uow() as uow:
            agreements.approve_fee_waiver(uow, principal, agreement_id, container.authority,
                                          container.policy)
            uow.commit()
    except DoorstepError as exc:
        if isinstance(exc, NotFound):
            raise
        with container.uow(write=False) as read:
            return _waivers(request, read, principal, error_message(exc, language_of(request)),
                            "error", exc.http_status)
    return RedirectResponse(f"/agreements/waivers?done={agreement_id}", status_code=303)
