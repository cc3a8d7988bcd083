"""Courses, sessions and training records; certificates go into the teams' table."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from doorstep.core.clock import naive_utc
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, NP_, Msg
from doorstep.store.tables import branches, certificates, staff
from doorstep.store.tables_training import courses, training_records, training_sessions
from doorstep.training.model import Course, Record, Session, SessionDraft
from doorstep.training.ports import ExpiringCertificate, StaffOption, StaffRow, TrainingRecord


def _pk(result: Any) -> int:
    return int(result.inserted_primary_key[0])


_COURSE = tuple(c.name for c in courses.c)


def _course(r: Any) -> Course:
    return Course(**{k: getattr(r, k) for k in _COURSE})


class TrainingRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add_course(self, c: Course) -> int:
        values = {k: v for k, v in asdict(c).items() if k != "id"}
        return _pk(self.conn.execute(insert(courses).values(**values)))

    def courses(self) -> list[Course]:
        return [_course(r) for r in self.conn.execute(select(courses).order_by(courses.c.code))]

    def course(self, course_id: int) -> Course:
        row = self.conn.execute(select(courses).where(courses.c.id == course_id)).first()
        if row is None:
            raise NotFound(entity=NP_("entity", "Course"), id=course_id)
        return _course(row)

    def _sessions(self, *where: Any) -> list[Session]:
        enrolled = select(training_records.c.session_id, func.count().label("n")).group_by(
            training_records.c.session_id).subquery()
        q = select(training_sessions, func.coalesce(enrolled.c.n, 0).label("n")).outerjoin(
            enrolled, enrolled.c.session_id == training_sessions.c.id).where(*where).order_by(
            training_sessions.c.starts_at, training_sessions.c.id)
        return [Session(r.id, r.course_id, r.starts_at, r.trainer, r.place, r.capacity,
                        int(r.n)) for r in self.conn.execute(q)]

    def sessions(self, course_id: int) -> list[Session]:
        return self._sessions(training_sessions.c.course_id == course_id)

    def session(self, session_id: int) -> Session:
        found = self._sessions(training_sessions.c.id == session_id)
        if not found:
            raise NotFound(entity=Msg(N_("Training session")), id=session_id)
        return found[0]

    def add_session(self, d: SessionDraft, at: datetime) -> int:
        result = self.conn.execute(insert(training_sessions).values(
            course_id=d.course_id, starts_at=naive_utc(d.starts_at), trainer=d.trainer,
            place=d.place, capacity=d.capacity, created_at=naive_utc(at)))
        return _pk(result)

    def records(self, session_id: int) -> list[Record]:
        q = select(training_records, staff.c.staff_no, staff.c.name,
                   certificates.c.expires_on).join(
            staff, staff.c.id == training_records.c.staff_id).outerjoin(
            certificates, certificates.c.id == training_records.c.certificate_id).where(
            training_records.c.session_id == session_id).order_by(staff.c.staff_no)
        return [Record(r.staff_id, r.staff_no, r.name, r.attended, r.score, r.passed,
                       r.expires_on) for r in self.conn.execute(q)]

    def record(self, session_id: int, staff_id: int) -> TrainingRecord | None:
        row = self.conn.execute(select(training_records).where(
            training_records.c.session_id == session_id,
            training_records.c.staff_id == staff_id)).first()
        return None if row is None else TrainingRecord(**row._mapping)

    def enrol(self, session_id: int, staff_id: int, attended: bool) -> None:
        if self.record(session_id, staff_id) is None:
            self.conn.execute(insert(training_records).values(
                session_id=session_id, staff_id=staff_id, attended=attended))
        else:
            self.conn.execute(update(training_records).where(
                training_records.c.session_id == session_id,
                training_records.c.staff_id == staff_id).values(attended=attended))

    def assess(self, session_id: int, staff_id: int, score: int, passed: bool, on: date,
               certificate_id: int | None) -> None:
        self.conn.execute(update(training_records).where(
            training_records.c.session_id == session_id,
            training_records.c.staff_id == staff_id).values(
            score=score, passed=passed, assessed_on=on, certificate_id=certificate_id))

    def issue_certificate(self, staff_id: int, kind: str, issued_on: date,
                          expires_on: date) -> int:
        return _pk(self.conn.execute(insert(certificates).values(
            staff_id=staff_id, kind=kind, issued_on=issued_on, expires_on=expires_on)))

    def staff_member(self, staff_id: int) -> StaffRow:
        row = self.conn.execute(select(staff).where(staff.c.id == staff_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Staff member")), id=staff_id)
        return StaffRow(**row._mapping)

    def staff_options(self, branch_id: int | None) -> list[StaffOption]:
        q = select(staff.c.id, staff.c.staff_no, staff.c.name, branches.c.name.label(
            "branch")).join(branches, branches.c.id == staff.c.branch_id).where(
            staff.c.active.is_(True)).order_by(staff.c.staff_no)
        if branch_id is not None:
            q = q.where(staff.c.branch_id == branch_id)
        return [StaffOption(**r._mapping) for r in self.conn.execute(q)]

    def expiring(self, first: date, last: date,
                 branch_id: int | None) -> list[ExpiringCertificate]:
        """Certificates whose last valid day lies in [first, last], soonest first, unless a
        newer certificate of the same kind for the same person outlasts ``last``."""
        newer = select(certificates.c.staff_id, certificates.c.kind).where(
            certificates.c.expires_on > last)
        renewed = {(r.staff_id, r.kind) for r in self.conn.execute(newer)}
        q = select(certificates.c.staff_id, certificates.c.kind, certificates.c.expires_on,
                   staff.c.staff_no, staff.c.name, branches.c.name.label("branch")).join(
            staff, staff.c.id == certificates.c.staff_id).join(
            branches, branches.c.id == staff.c.branch_id).where(
            certificates.c.expires_on >= first, certificates.c.expires_on <= last).order_by(
            certificates.c.expires_on, staff.c.staff_no)
        if branch_id is not None:
            q = q.where(staff.c.branch_id == branch_id)
        return [ExpiringCertificate(**r._mapping) for r in self.conn.execute(q)
                if (r.staff_id, r.kind) not in renewed]
