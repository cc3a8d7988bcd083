"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, NamedTuple, Protocol

from doorstep.training.model import Course, Record, Session, SessionDraft


class TrainingRecord(NamedTuple):
    """One staff member's attendance and assessment in a training session."""

    id: int
    session_id: int
    staff_id: int
    attended: bool
    score: int | None
    passed: bool | None
    assessed_on: date | None
    certificate_id: int | None


class StaffRow(NamedTuple):
    """A staff member as stored."""

    id: int
    staff_no: str
    name: str
    role: str
    skills: Any
    branch_id: int
    phone_enc: str
    home_lat: float
    home_lon: float
    shift_start: time
    shift_end: time
    weekdays: Any
    active: bool


class StaffOption(NamedTuple):
    """An active staff member to pick, with their branch's name."""

    id: int
    staff_no: str
    name: str
    branch: str


class ExpiringCertificate(NamedTuple):
    """A certificate whose last valid day is near, with its holder and branch."""

    staff_id: int
    kind: str
    expires_on: date
    staff_no: str
    name: str
    branch: str


class TrainingRepository(Protocol):
    """What the use cases ask of ``uow.training`` (``store.repositories.training``)."""

    def add_course(self, c: Course) -> int: ...
    def courses(self) -> list[Course]: ...
    def course(self, course_id: int) -> Course: ...
    def sessions(self, course_id: int) -> list[Session]: ...
    def session(self, session_id: int) -> Session: ...
    def add_session(self, d: SessionDraft, at: datetime) -> int: ...
    def records(self, session_id: int) -> list[Record]: ...
    def record(self, session_id: int, staff_id: int) -> TrainingRecord | None: ...
    def enrol(self, session_id: int, staff_id: int, attended: bool) -> None: ...
    def assess(
        self,
        session_id: int,
        staff_id: int,
        score: int,
        passed: bool,
        on: date,
        certificate_id: int | None,
    ) -> None: ...
    def issue_certificate(
        self, staff_id: int, kind: str, issued_on: date, expires_on: date
    ) -> int: ...
    def staff_member(self, staff_id: int) -> StaffRow: ...
    def staff_options(self, branch_id: int | None) -> list[StaffOption]: ...
    def expiring(
        self, first: date, last: date, branch_id: int | None
    ) -> list[ExpiringCertificate]: ...

