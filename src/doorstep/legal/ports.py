"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple, Protocol

from doorstep.legal.case_file import CaseFacts
from doorstep.legal.model import CourtEvent, FailureReason, Mediation, MediationState


class CaseRow(NamedTuple):
    """A case as stored, with its branch's name (the legal desk's header and export)."""

    id: int
    case_no: str
    customer_id: int
    account_id: int | None
    branch_id: int
    case_type: str
    business_line: str
    state: str
    priority: int
    overdue_amount: Decimal
    amount_at_stake: Decimal
    owner_team_id: int | None
    plan_id: int | None
    sla_due: datetime | None
    opened_at: datetime
    closed_at: datetime | None
    failed_attempts: int
    summary: str
    version: int
    updated_at: datetime
    branch_name: str


class EscalatedCase(NamedTuple):
    """An escalated case on the legal review queue, with what the queue shows."""

    id: int
    case_no: str
    case_type: str
    business_line: str
    overdue_amount: Decimal
    amount_at_stake: Decimal
    sla_due: datetime | None
    failed_attempts: int
    version: int
    customer_name: str
    branch_name: str
    escalated_at: datetime
    broken: int
    last_outcome: str | None


class LegalRepository(Protocol):
    """What the use cases ask of ``uow.legal`` (``store.repositories.legal``)."""

    def case_row(self, case_id: int) -> CaseRow: ...
    def case_facts(self, case_id: int, bank_name: str) -> CaseFacts: ...
    def case_id(self, ref: str) -> int: ...
    def queue(self, scope_branch: int | None) -> list[EscalatedCase]: ...
    def add_mediation(
        self, case_id: int, started_at: datetime, due_at: datetime, by: str, mediator: str
    ) -> int: ...
    def mediation_of(self, case_id: int) -> Mediation | None: ...
    def mediation(self, case_id: int) -> Mediation: ...
    def extend(
        self, m: Mediation, days: int, reason: str, by: str, at: datetime, new_due: datetime
    ) -> None: ...
    def end(
        self,
        mediation_id: int,
        state: MediationState,
        at: datetime,
        reason: FailureReason | None = ...,
        text: str = ...,
    ) -> None: ...
    def add_agreement(
        self,
        m: Mediation,
        terms: str,
        amount: Decimal,
        instalments: int,
        signed_on: date,
        evidence_id: int,
        by: str,
        at: datetime,
    ) -> int: ...
    def add_document(
        self,
        case_id: int,
        filename: str,
        content_type: str,
        size: int,
        sha256: str,
        storage_key: str,
        by: str,
        at: datetime,
    ) -> int: ...
    def court_events(self, case_id: int) -> tuple[CourtEvent, ...]: ...
