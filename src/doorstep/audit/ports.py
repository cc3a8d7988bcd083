"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple, Protocol

from doorstep.core.audit import AuditRecord, ChainBreak


class ComplianceException(NamedTuple):
    """A compliance exception (an approved or refused override), as stored."""

    id: int
    case_id: int | None
    rule: str
    detail: str
    approver: str
    reason: str
    actor: str
    at: datetime
    decision: str
    approval_id: int | None


class AuditTrailRepository(Protocol):
    """What the use cases ask of ``uow.audit_trail`` (``store.repositories.audit``)."""

    def events(
        self,
        entity: str | None,
        entity_id: str | None,
        actor: str | None,
        before_seq: int | None,
        limit: int,
    ) -> list[AuditRecord]: ...
    def exceptions(self, limit: int) -> list[ComplianceException]: ...
    def verify(self) -> tuple[int, ChainBreak | None]: ...
