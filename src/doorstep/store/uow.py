"""The unit of work: one database transaction, the repositories over it, and the audit log.

``with uow: ...; uow.commit()`` — leaving the block without ``commit`` rolls everything back,
audit events included, so a failed command changes nothing.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from doorstep.core.audit import AuditEntry
from doorstep.core.clock import Clock, SystemClock
from doorstep.core.crypto import FieldCipher
from doorstep.core.uow import UnitOfWork
from doorstep.store import audit_log
from doorstep.store.repositories.agreements import AgreementRepository
from doorstep.store.repositories.appointments import AppointmentRepository
from doorstep.store.repositories.approvals import ApprovalRepository
from doorstep.store.repositories.audit import AuditRepository
from doorstep.store.repositories.casebook import CasebookRepository
from doorstep.store.repositories.cases import CaseRepository
from doorstep.store.repositories.contacts import ContactRepository
from doorstep.store.repositories.customers import CustomerRepository
from doorstep.store.repositories.dispatch import DispatchRepository
from doorstep.store.repositories.evaluation import EvaluationRepository
from doorstep.store.repositories.improvement import ImprovementRepository
from doorstep.store.repositories.intake import IntakeRepository
from doorstep.store.repositories.jobs import JobRepository
from doorstep.store.repositories.legal import LegalRepository
from doorstep.store.repositories.plans import PlanRepository
from doorstep.store.repositories.screening import ScreeningRepository
from doorstep.store.repositories.teams import TeamRepository
from doorstep.store.repositories.training import TrainingRepository
from doorstep.store.repositories.users import UserRepository
from doorstep.store.repositories.visits import VisitRepository


class SqlUnitOfWork:
    """A transaction on ``engine``; ``write=True`` takes SQLite's write lock up front."""

    def __init__(self, engine: Engine, cipher: FieldCipher, clock: Clock | None = None,
                 *, write: bool = True) -> None:
        self.engine = engine
        self.cipher = cipher
        self.clock = clock or SystemClock()
        self.write = write
        self._conn: Connection | None = None
        self._committed = False

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("unit of work used outside its 'with' block")
        return self._conn

    def __enter__(self) -> Self:
        conn = self.engine.connect()
        if conn.dialect.name == "sqlite":
            conn.info["sqlite_begin"] = "BEGIN IMMEDIATE" if self.write else "BEGIN"
        conn.begin()
        self._conn = conn
        self._committed = False
        self._audit: list[AuditEntry] = []
        self.cases = CaseRepository(conn)
        self.customers = CustomerRepository(conn, self.cipher)
        self.users = UserRepository(conn)
        self.audit_trail = AuditRepository(conn)
        self.screening = ScreeningRepository(conn)
        self.visits = VisitRepository(conn)
        self.agreements = AgreementRepository(conn)
        self.teams = TeamRepository(conn)
        self.dispatch = DispatchRepository(conn)
        self.appointments = AppointmentRepository(conn, self.cipher)
        self.plans = PlanRepository(conn)
        self.casebook = CasebookRepository(conn, self.cipher)
        self.training = TrainingRepository(conn)
        self.evaluation = EvaluationRepository(conn)
        self.improvement = ImprovementRepository(conn)
        self.legal = LegalRepository(conn, self.cipher)
        self.approvals = ApprovalRepository(conn)
        self.contacts = ContactRepository(conn)
        self.jobs = JobRepository(conn)
        self.intake = IntakeRepository(conn, self.cipher)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        conn = self.conn
        try:
            if not self._committed:
                conn.rollback()
        finally:
            conn.info.pop("sqlite_begin", None)
            conn.close()
            self._conn = None

    def commit(self) -> None:
        if self._audit:
            audit_log.append_many(self.conn, self._audit)
            self._audit = []
        self.conn.commit()
        self._committed = True

    def checkpoint(self) -> None:
        """Commit the work so far and go on in a new transaction (long jobs only)."""
        if self._audit:
            audit_log.append_many(self.conn, self._audit)
            self._audit = []
        self.conn.commit()
        self.conn.begin()

    def audit(self, entry: AuditEntry) -> None:
        # Appended at commit: the audit head is a single locked row that every writer
        # queues on, so it is held only for the transaction's last statements.
        self._audit.append(entry)


def as_port(uow: SqlUnitOfWork) -> UnitOfWork:
    """The real unit of work seen as the services' port; mypy checks that it conforms."""
    return uow


class JobSuperseded(RuntimeError):
    """Another attempt of the same job already committed its effect."""


class JobUnitOfWork(SqlUnitOfWork):
    """A unit of work whose commit also marks one attempt of a job done.

    The job's effect and its ``done`` mark commit together, and the mark is conditional on
    this attempt still running the job: an effect is therefore committed at most once, even
    when a worker died after committing and the job was retried. The result is the entity
    named by the first audit event of the transaction (a run, a route plan …).
    """

    def __init__(self, engine: Engine, cipher: FieldCipher, clock: Clock | None, *,
                 job_id: int, attempt: int) -> None:
        super().__init__(engine, cipher, clock, write=True)
        self.job_id, self.attempt = job_id, attempt
        self.finished = False

    def commit(self) -> None:
        first = self._audit[0] if self._audit else None
        if not self.finished:
            done = self.jobs.finish(self.job_id, self.attempt, self.clock.now(),
                                    first.entity if first else None,
                                    first.entity_id if first else None, {})
            if not done:
                raise JobSuperseded(f"job {self.job_id} attempt {self.attempt}")
            self.finished = True
        super().commit()
