"""Training (员工培训): courses, sessions, attendance and assessments; plain values."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from doorstep.core.errors import ValidationFailed

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "communication": ("沟通技巧", "Communication skills"),
    "legal": ("法律知识", "Legal knowledge"),
    "psychology": ("客户心理", "Customer psychology"),
    "product": ("产品知识", "Product lines"),
    "compliance": ("合规外访", "Compliant visits"),
    "technical": ("技术支持", "Technical support"),
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


def session_problems(d: SessionDraft) -> list[str]:
    """Every reason a session cannot be planned, in Chinese."""
    out = []
    if not d.trainer.strip():
        out.append("请填写培训讲师")
    if not d.place.strip():
        out.append("请填写培训地点")
    if not 1 <= d.capacity <= 500:
        out.append("人数上限须在 1 至 500 之间")
    return out


def validate_session(d: SessionDraft) -> SessionDraft:
    found = session_problems(d)
    if found:
        raise ValidationFailed("；".join(found))
    return d


def validate_score(score: int) -> int:
    """A score on the 0–100 scale, or ``ValidationFailed``."""
    if not 0 <= score <= MAX_SCORE:
        raise ValidationFailed(f"考核成绩须在 0 至 {MAX_SCORE} 之间（收到 {score}）")
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
