"""Training use cases: courses and sessions, attendance, assessments that issue the
certificates assignment checks, certificates about to expire, and recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta
from typing import Any

from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import local
from doorstep.core.errors import Conflict, ValidationFailed
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation.improvement.recommend import staff_needing_training
from doorstep.training.model import (
    Course,
    Record,
    Session,
    SessionDraft,
    certificate_expiry,
    passes,
    validate_score,
    validate_session,
)
from doorstep.training.recommend import Recommendation, recommend, weaknesses_of

RECOMMENDATION_DAYS = 90


@dataclass(frozen=True)
class Assessed:
    passed: bool
    certificate_expires_on: date | None


@dataclass(frozen=True)
class Expiring:
    staff_id: int
    staff_no: str
    staff_name: str
    branch: str
    kind: str
    expires_on: date
    days_left: int


def _today(uow: UnitOfWork) -> date:
    return local(uow.clock.now()).date()


def _audit(uow: UnitOfWork, principal: Principal, action: str, entity: str, entity_id: int,
           after: dict[str, object]) -> None:
    uow.audit(AuditEntry(principal.actor, action, entity, str(entity_id), None, after,
                         uow.clock.now()))


def list_courses(uow: UnitOfWork, principal: Principal) -> list[Course]:
    require(principal, Permission.TRAINING_READ)
    return list(uow.training.courses())


def course_detail(uow: UnitOfWork, principal: Principal,
                  course_id: int) -> tuple[Course, list[Session]]:
    """A course with its sessions, earliest first."""
    require(principal, Permission.TRAINING_READ)
    return uow.training.course(course_id), list(uow.training.sessions(course_id))


def session_detail(uow: UnitOfWork, principal: Principal,
                   session_id: int) -> tuple[Course, Session, list[Record]]:
    """A session, its course and every participant's attendance and assessment."""
    require(principal, Permission.TRAINING_READ)
    session: Session = uow.training.session(session_id)
    return uow.training.course(session.course_id), session, list(uow.training.records(session_id))


def plan_session(uow: UnitOfWork, principal: Principal, draft: SessionDraft) -> int:
    """Schedule a sitting of a course (trainer, place, capacity)."""
    require(principal, Permission.TRAINING_MANAGE)
    validate_session(draft)
    uow.training.course(draft.course_id)
    session_id: int = uow.training.add_session(draft, uow.clock.now())
    _audit(uow, principal, "training.session_planned", "training_session", session_id,
           {"course_id": draft.course_id, "starts_at": draft.starts_at.isoformat()})
    return session_id


def record_attendance(uow: UnitOfWork, principal: Principal, session_id: int, staff_id: int,
                      attended: bool) -> None:
    """Enrol a staff member in a session (within its capacity) and mark attendance."""
    require(principal, Permission.TRAINING_MANAGE)
    session: Session = uow.training.session(session_id)
    member = uow.training.staff_member(staff_id)
    require_branch(principal, member.branch_id, N_("Staff member"), staff_id)
    if uow.training.record(session_id, staff_id) is None and session.enrolled >= session.capacity:
        raise Conflict(N_("This session is full (at most %(n)s people)"), n=session.capacity)
    uow.training.enrol(session_id, staff_id, attended)
    _audit(uow, principal, "training.attendance", "training_session", session_id,
           {"staff_id": staff_id, "attended": attended})


def record_assessment(uow: UnitOfWork, principal: Principal, session_id: int, staff_id: int,
                      score: int) -> Assessed:
    """Score an attendee; a pass issues the course's certificate, valid from the session day."""
    require(principal, Permission.TRAINING_MANAGE)
    validate_score(score)
    session: Session = uow.training.session(session_id)
    row = uow.training.record(session_id, staff_id)
    if row is None or not row.attended:
        raise ValidationFailed(N_("The staff member did not attend this session: no test score can "
                                  "be recorded"))
    if row.passed:
        raise Conflict(N_("The staff member has passed this test: the score cannot change"))
    course: Course = uow.training.course(session.course_id)
    passed = passes(score, course)
    day = local(session.starts_at.replace(tzinfo=UTC)).date()
    expires = certificate_expiry(day, course) if passed else None
    cert_id = None
    if expires is not None and course.certificate_kind:
        cert_id = uow.training.issue_certificate(staff_id, course.certificate_kind, day, expires)
    uow.training.assess(session_id, staff_id, score, passed, _today(uow), cert_id)
    _audit(uow, principal, "training.assessed", "training_session", session_id,
           {"staff_id": staff_id, "score": score, "passed": passed,
            "certificate": course.certificate_kind if cert_id else None,
            "expires_on": expires.isoformat() if expires else None})
    return Assessed(passed, expires)


def expiring_certificates(uow: UnitOfWork, principal: Principal, days: int) -> list[Expiring]:
    """Certificates whose last valid day falls within ``days`` from today, not yet renewed."""
    require(principal, Permission.TRAINING_READ)
    if not 1 <= days <= 366:
        raise ValidationFailed(N_("Days must be between 1 and 366"))
    today = _today(uow)
    rows = uow.training.expiring(today, today + timedelta(days=days), principal.branch_id)
    return [Expiring(r.staff_id, r.staff_no, r.name, r.branch, r.kind, r.expires_on,
                     (r.expires_on - today).days) for r in rows]


def recommendations(uow: UnitOfWork, principal: Principal) -> list[Recommendation]:
    """Courses for staff with low satisfaction or compliance exceptions in the last 90 days."""
    require(principal, Permission.TRAINING_READ)
    today = _today(uow)
    stats = uow.improvement.staff_stats(today - timedelta(days=RECOMMENDATION_DAYS), today)
    return recommend(weaknesses_of(staff_needing_training(stats)), uow.training.courses())


def staff_options(uow: UnitOfWork, principal: Principal) -> list[Any]:
    """Active staff in the principal's scope, for the attendance form."""
    require(principal, Permission.TRAINING_READ)
    return list(uow.training.staff_options(principal.branch_id))
