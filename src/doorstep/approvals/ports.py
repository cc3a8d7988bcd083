"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from doorstep.approvals.model import Kind, Request, State


class ApprovalRepository(Protocol):
    """What the use cases ask of ``uow.approvals`` (``store.repositories.approvals``)."""

    def add(
        self,
        *,
        kind: Kind,
        subject_type: str,
        subject_id: int,
        branch_id: int | None,
        amount: Decimal,
        summary: str,
        payload: dict[str, Any],
        requested_by: str,
        requested_at: datetime,
        reason: str,
    ) -> int: ...
    def get(self, approval_id: int) -> Request: ...
    def pending_for_subject(self, subject_type: str, subject_id: int) -> Request | None: ...
    def listing(
        self,
        branch_id: int | None,
        state: State | None = ...,
        kinds: tuple[Kind, ...] = ...,
        limit: int = ...,
    ) -> list[Request]: ...
    def count(self) -> int: ...
    def decide(
        self, request: Request, state: State, by: str, at: datetime, reason: str
    ) -> None: ...
