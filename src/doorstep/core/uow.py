"""The unit-of-work port the capability services are written against.

``store.uow.SqlUnitOfWork`` is the real one and ``tests/unit/fakes.FakeUnitOfWork`` the
in-memory one; services never import ``store``. Each repository is typed by the Protocol its
capability declares in its ``ports`` module.

Core must not depend on the capabilities when the program runs, so those Protocols are
imported for the type checker only (``TYPE_CHECKING``): the composition is a fact about
types, not a runtime edge, and keeping the port here leaves every ``from doorstep.core.uow
import UnitOfWork`` in the services unchanged.

Who commits: the edge. An API route, page, CLI command or job handler opens the unit, calls
the use case and calls ``commit()``; use cases never commit, so one use case composes
another by calling it with the same unit. A long job that must make progress permanent in
steps calls ``checkpoint()`` and says so in its docstring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from doorstep.core.audit import AuditEntry
from doorstep.core.clock import Clock

if TYPE_CHECKING:
    from doorstep.approvals.ports import ApprovalRepository
    from doorstep.audit.ports import AuditTrailRepository
    from doorstep.auth.ports import UserRepository
    from doorstep.casebook.ports import CasebookRepository
    from doorstep.cases.ports import CaseRepository
    from doorstep.contacts.ports import ContactRepository
    from doorstep.customers.ports import CustomerRepository
    from doorstep.evaluation.improvement.ports import ImprovementRepository
    from doorstep.evaluation.ports import EvaluationRepository
    from doorstep.intake.ports import IntakeRepository
    from doorstep.jobs.ports import JobRepository
    from doorstep.legal.ports import LegalRepository
    from doorstep.plans.ports import PlanRepository
    from doorstep.screening.ports import ScreeningRepository
    from doorstep.teams.ports import TeamRepository
    from doorstep.training.ports import TrainingRepository
    from doorstep.visits.appointments.ports import AppointmentRepository
    from doorstep.visits.dispatch.ports import DispatchRepository
    from doorstep.visits.records.ports import AgreementRepository, VisitRepository


class UnitOfWork(Protocol):
    """One transaction and the repositories over it (read-only members, so that any
    implementation's own repository classes satisfy the ports)."""

    @property
    def clock(self) -> Clock: ...
    @property
    def cases(self) -> CaseRepository: ...
    @property
    def customers(self) -> CustomerRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def audit_trail(self) -> AuditTrailRepository: ...
    @property
    def screening(self) -> ScreeningRepository: ...
    @property
    def visits(self) -> VisitRepository: ...
    @property
    def agreements(self) -> AgreementRepository: ...
    @property
    def teams(self) -> TeamRepository: ...
    @property
    def dispatch(self) -> DispatchRepository: ...
    @property
    def appointments(self) -> AppointmentRepository: ...
    @property
    def plans(self) -> PlanRepository: ...
    @property
    def casebook(self) -> CasebookRepository: ...
    @property
    def training(self) -> TrainingRepository: ...
    @property
    def evaluation(self) -> EvaluationRepository: ...
    @property
    def improvement(self) -> ImprovementRepository: ...
    @property
    def legal(self) -> LegalRepository: ...
    @property
    def approvals(self) -> ApprovalRepository: ...
    @property
    def contacts(self) -> ContactRepository: ...
    @property
    def jobs(self) -> JobRepository: ...
    @property
    def intake(self) -> IntakeRepository: ...

    def commit(self) -> None:
        """Make everything done in this unit permanent (called by the edge, not use cases)."""
        ...

    def checkpoint(self) -> None:
        """Make the work so far permanent and go on in a new transaction (long jobs only)."""
        ...

    def audit(self, entry: AuditEntry) -> None:
        """Append an event to the hash-chained audit trail, in this transaction."""
        ...
