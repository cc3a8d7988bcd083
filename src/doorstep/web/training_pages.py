"""Training pages (员工培训): courses, a course's sessions, a session's attendance and
assessment entry, certificates about to expire, and recommendations from evaluation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.core.access import Permission, Principal
from doorstep.core.clock import BANK_TZ
from doorstep.core.errors import DoorstepError, ValidationFailed
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.teams.model import CERTIFICATE_LABELS
from doorstep.training import service
from doorstep.training.model import CATEGORY_LABELS, SessionDraft
from doorstep.training.recommend import REASON_LABELS
from doorstep.web import training_text  # noqa: F401  (registers the strings)
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, page(Permission.TRAINING_READ)]
Manager = Annotated[Principal, page_form(Permission.TRAINING_MANAGE)]


def _labels(lang: str) -> dict[str, Any]:
    def pick(table: dict[str, Any]) -> Any:
        return lambda key: label(table.get(key, (key, key)), lang) if key else "—"
    return {"category_label": pick(CATEGORY_LABELS), "cert_label": pick(CERTIFICATE_LABELS),
            "reason_label": pick(REASON_LABELS)}


def _int(form: Any, name: str) -> int:
    value = str(form.get(name, "")).strip()
    if not value.lstrip("-").isdigit():
        raise ValidationFailed(f"「{name}」须为整数")
    return int(value)


@router.get("/training")
def courses(request: Request, uow: ReadUowDep, principal: Reader) -> Response:
    """Every course with its category, pass mark and the certificate it grants."""
    return render(request, "training/courses.html", {
        "courses": service.list_courses(uow, principal), **_labels(language_of(request))})


def _course_page(request: Request, uow: Any, principal: Principal, course_id: int,
                 error: str = "", status: int = 200) -> Response:
    course, sessions = service.course_detail(uow, principal, course_id)
    return render(request, "training/course.html", {
        "course": course, "sessions": sessions, "error": error,
        "can_manage": principal.can(Permission.TRAINING_MANAGE),
        **_labels(language_of(request))}, status_code=status)


@router.get("/training/courses/{course_id}")
def course(course_id: int, request: Request, uow: ReadUowDep, principal: Reader) -> Response:
    """A course and its sessions; the trainer plans new ones here."""
    return _course_page(request, uow, principal, course_id)


@router.post("/training/courses/{course_id}/sessions")
async def plan(course_id: int, request: Request, container: ContainerDep,
               principal: Manager) -> Response:
    """Plan a session from the form (local date and time)."""
    form = await request.form()
    try:
        when = datetime.fromisoformat(str(form.get("starts_at", ""))).replace(tzinfo=BANK_TZ)
        draft = SessionDraft(course_id, when, str(form.get("trainer", "")).strip(),
                             str(form.get("place", "")).strip(), _int(form, "capacity"))
        with container.uow() as uow:
            session_id = service.plan_session(uow, principal, draft)
            uow.commit()
    except (DoorstepError, ValueError) as exc:
        message = error_message(exc, language_of(request)) if isinstance(
            exc, DoorstepError) else "请填写正确的日期和时间"
        with container.uow(write=False) as uow:
            return _course_page(request, uow, principal, course_id, message, 422)
    return RedirectResponse(f"/training/sessions/{session_id}", status_code=303)


def _session_page(request: Request, uow: Any, principal: Principal, session_id: int,
                  error: str = "", status: int = 200) -> Response:
    course_, session, records = service.session_detail(uow, principal, session_id)
    return render(request, "training/session.html", {
        "course": course_, "session": session, "records": records, "error": error,
        "staff": service.staff_options(uow, principal),
        "can_manage": principal.can(Permission.TRAINING_MANAGE),
        **_labels(language_of(request))}, status_code=status)


@router.get("/training/sessions/{session_id}")
def session(session_id: int, request: Request, uow: ReadUowDep, principal: Reader) -> Response:
    """A session's participants with attendance, score and the certificate issued."""
    return _session_page(request, uow, principal, session_id)


async def _change(request: Request, container: Any, principal: Principal, session_id: int,
                  action: Any) -> Response:
    form = await request.form()
    try:
        with container.uow() as uow:
            action(uow, form)
            uow.commit()
    except DoorstepError as exc:
        with container.uow(write=False) as uow:
            return _session_page(request, uow, principal, session_id,
                                 error_message(exc, language_of(request)), exc.http_status)
    return RedirectResponse(f"/training/sessions/{session_id}", status_code=303)


@router.post("/training/sessions/{session_id}/attendance")
async def attendance(session_id: int, request: Request, container: ContainerDep,
                     principal: Manager) -> Response:
    """Enrol a staff member and record attendance."""
    return await _change(request, container, principal, session_id, lambda uow, form: (
        service.record_attendance(uow, principal, session_id, _int(form, "staff_id"),
                                  form.get("attended") == "1")))


@router.post("/training/sessions/{session_id}/assessment")
async def assessment(session_id: int, request: Request, container: ContainerDep,
                     principal: Manager) -> Response:
    """Record an attendee's score; a pass issues the course's certificate."""
    return await _change(request, container, principal, session_id, lambda uow, form: (
        service.record_assessment(uow, principal, session_id, _int(form, "staff_id"),
                                  _int(form, "score"))))


@router.get("/training/certificates")
def certificates(request: Request, uow: ReadUowDep, principal: Reader,
                 days: int = 60) -> Response:
    """Certificates ending in the next ``days`` days and not yet renewed."""
    return render(request, "training/certificates.html", {
        "days": days, "due": service.expiring_certificates(uow, principal, days),
        **_labels(language_of(request))})


@router.get("/training/recommendations")
def recommendations(request: Request, uow: ReadUowDep, principal: Reader) -> Response:
    """Staff with low satisfaction or compliance exceptions, and the courses that answer it."""
    return render(request, "training/recommendations.html", {
        "items": service.recommendations(uow, principal), **_labels(language_of(request))})
