"""Staff training: courses, sessions, attendance and assessments; plain values."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg, join_messages

CATEGORY_LABELS: dict[str, str] = {
    "communication": N_("Communication skills"),
    "legal": N_("Legal knowledge"),
    "psychology": N_("Customer psychology"),
    "product": N_("Product lines"),
    "compliance": N_("Compliant visits"),
    "technical": N_("Technical support"),
}
MAX_SCORE = 100


@dataclass(frozen=True)
class Course:
    """A course; passing its assessment grants ``certificate_kind`` for ``validity_months``."""

    id: int
    code: str
    title: str
    category: str
    description: str
    hours: int
    pass_mark: int
    certificate_kind: str | None
    validity_months: int


@dataclass(frozen=True)
class Session:
    """One sitting of a course: when, who teaches, where and for how many."""

    id: int
    course_id: int
    starts_at: datetime
    trainer: str
    place: str
    capacity: int
    enrolled: int = 0


@dataclass(frozen=True)
class Record:
    """One participant of a session: attended, and the assessment once taken."""

    staff_id: int
    staff_no: str
    staff_name: str
    attended: bool
    score: int | None
    passed: bool | None
    certificate_expires_on: date | None = None


@dataclass(frozen=True)
class SessionDraft:
    course_id: int
    starts_at: datetime
    trainer: str
    place: str
    capacity: int


def session_problems(d: SessionDraft) -> list[Msg]:
    """Every reason a session cannot be planned, as messages."""
    out = []
    if not d.trainer.strip():
        out.append(Msg(N_("Enter the trainer")))
    if not d.place.strip():
        out.append(Msg(N_("Enter the place of the session")))
    if not 1 <= d.capacity <= 500:
        out.append(Msg(N_("The capacity must be between 1 and 500")))
    return out


def validate_session(d: SessionDraft) -> SessionDraft:
    found = session_problems(d)
    if found:
        raise ValidationFailed(N_("%(problems)s"), problems=join_messages(found))
    return d


def validate_score(score: int) -> int:
    """A score on the 0–100 scale, or ``ValidationFailed``."""
    if not 0 <= score <= MAX_SCORE:
        raise ValidationFailed(N_("The score must be between 0 and %(most)s (got %(score)s)"),
                               most=MAX_SCORE, score=score)
    return score


def passes(score: int, course: Course) -> bool:
    """Whether the score reaches the course's pass mark."""
    return score >= course.pass_mark


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def certificate_expiry(passed_on: date, course: Course) -> date | None:
    """The last valid day of the certificate a pass grants (``None``: none granted)."""
    if not course.certificate_kind or course.validity_months <= 0:
        return None
    return add_months(passed_on, course.validity_months)
