"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from doorstep.legal.case_file import CaseFacts
from doorstep.legal.model import CourtEvent, FailureReason, Mediation, MediationState


class LegalRepository(Protocol):
    """What the use cases ask of ``uow.legal`` (``store.repositories.legal``)."""

    def case_row(self, case_id: int) -> Any: ...
    def case_facts(self, case_id: int, bank_name: str) -> CaseFacts: ...
    def case_id(self, ref: str) -> int: ...
    def queue(self, scope_branch: int | None) -> list[Any]: ...
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
