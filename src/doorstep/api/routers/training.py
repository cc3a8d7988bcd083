"""Training endpoints: courses, sessions, attendance, assessments, certificates
about to expire and course recommendations from evaluation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from doorstep.core.access import Permission, Principal
from doorstep.http.deps import ReadUowDep, UowDep, allow
from doorstep.training import service
from doorstep.training.model import Course, Session, SessionDraft

router = APIRouter(prefix="/api/v1/training", tags=["training"])
Reader = Annotated[Principal, allow(Permission.TRAINING_READ)]
Manager = Annotated[Principal, allow(Permission.TRAINING_MANAGE)]


class CoursePublic(BaseModel):
    id: int
    code: str
    title: str
    category: str
    description: str
    hours: int
    pass_mark: int
    certificate_kind: str | None
    validity_months: int


class SessionPublic(BaseModel):
    id: int
    course_id: int
    starts_at: datetime
    trainer: str
    place: str
    capacity: int
    enrolled: int


class RecordPublic(BaseModel):
    staff_id: int
    staff_no: str
    staff_name: str
    attended: bool
    score: int | None
    passed: bool | None
    certificate_expires_on: date | None


class CourseDetail(CoursePublic):
    sessions: list[SessionPublic]


class SessionDetail(SessionPublic):
    course: CoursePublic
    records: list[RecordPublic]


class SessionIn(BaseModel):
    course_id: int
    starts_at: datetime
    trainer: str = Field(max_length=32)
    place: str = Field(max_length=100)
    capacity: int = Field(ge=1, le=500)


class AttendanceIn(BaseModel):
    staff_id: int
    attended: bool = True


class AssessmentIn(BaseModel):
    staff_id: int
    score: int = Field(ge=0, le=100)


class AssessmentOut(BaseModel):
    passed: bool
    certificate_expires_on: date | None


class ExpiringPublic(BaseModel):
    staff_id: int
    staff_no: str
    staff_name: str
    branch: str
    kind: str
    expires_on: date
    days_left: int


class RecommendationPublic(BaseModel):
    staff_id: int
    staff_name: str
    reason: str
    detail: str
    course_codes: list[str]


def _course(c: Course) -> CoursePublic:
    return CoursePublic(**c.__dict__)


def _session(s: Session) -> SessionPublic:
    return SessionPublic(**s.__dict__)


@router.get("/courses", response_model=list[CoursePublic])
def list_courses(uow: ReadUowDep, principal: Reader) -> list[CoursePublic]:
    """Every course with its pass mark and the certificate it grants."""
    return [_course(c) for c in service.list_courses(uow, principal)]


@router.get("/courses/{course_id}", response_model=CourseDetail)
def course_detail(course_id: int, uow: ReadUowDep, principal: Reader) -> CourseDetail:
    """A course with its sessions."""
    course, sessions = service.course_detail(uow, principal, course_id)
    return CourseDetail(**course.__dict__, sessions=[_session(s) for s in sessions])


@router.post("/sessions", status_code=201)
def plan_session(body: SessionIn, uow: UowDep, principal: Manager) -> dict[str, int]:
    """Schedule a session of a course."""
    done = service.plan_session(uow, principal, SessionDraft(**body.model_dump()))
    uow.commit()
    return {"id": done}


@router.get("/sessions/{session_id}", response_model=SessionDetail)
def session_detail(session_id: int, uow: ReadUowDep, principal: Reader) -> SessionDetail:
    """A session with every participant's attendance and assessment."""
    course, session, records = service.session_detail(uow, principal, session_id)
    return SessionDetail(**session.__dict__, course=_course(course),
                         records=[RecordPublic(**r.__dict__) for r in records])


@router.put("/sessions/{session_id}/attendance")
def attendance(session_id: int, body: AttendanceIn, uow: UowDep,
               principal: Manager) -> dict[str, bool]:
    """Enrol a staff member (within capacity) and record whether they attended."""
    service.record_attendance(uow, principal, session_id, body.staff_id, body.attended)
    uow.commit()
    return {"attended": body.attended}


@router.post("/sessions/{session_id}/assessments", response_model=AssessmentOut)
def assessment(session_id: int, body: AssessmentIn, uow: UowDep,
               principal: Manager) -> AssessmentOut:
    """Score an attendee; a pass issues the course's certificate."""
    result = service.record_assessment(uow, principal, session_id, body.staff_id, body.score)
    uow.commit()
    return AssessmentOut(passed=result.passed,
                         certificate_expires_on=result.certificate_expires_on)


@router.get("/certificates/expiring", response_model=list[ExpiringPublic])
def expiring(uow: ReadUowDep, principal: Reader,
             days: Annotated[int, Query(ge=1, le=366)] = 60) -> list[ExpiringPublic]:
    """Certificates ending within ``days`` and not yet renewed, soonest first."""
    return [ExpiringPublic(**e.__dict__) for e in service.expiring_certificates(
        uow, principal, days)]


@router.get("/recommendations", response_model=list[RecommendationPublic])
def recommendations(uow: ReadUowDep, principal: Reader) -> list[RecommendationPublic]:
    """Courses for staff with low satisfaction or compliance exceptions (last 90 days)."""
    return [RecommendationPublic(
        staff_id=r.weakness.staff_id, staff_name=r.weakness.staff_name, reason=r.weakness.reason,
        detail=r.weakness.detail, course_codes=[c.code for c in r.courses])
        for r in service.recommendations(uow, principal)]
