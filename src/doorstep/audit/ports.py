"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from typing import Any, Protocol

from doorstep.core.audit import ChainBreak


class AuditTrailRepository(Protocol):
    """What the use cases ask of ``uow.audit_trail`` (``store.repositories.audit``)."""

    def events(
        self,
        entity: str | None,
        entity_id: str | None,
        actor: str | None,
        before_seq: int | None,
        limit: int,
    ) -> list[Any]: ...
    def exceptions(self, limit: int) -> list[Any]: ...
    def verify(self) -> tuple[int, ChainBreak | None]: ...
