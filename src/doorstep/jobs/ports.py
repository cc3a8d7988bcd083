"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from doorstep.core.access import Principal
from doorstep.jobs.model import Job


class JobRepository(Protocol):
    """What the use cases ask of ``uow.jobs`` (``store.repositories.jobs``)."""

    def add(
        self, kind: str, params: dict[str, Any], principal: dict[str, Any], now: datetime
    ) -> int: ...
    def get(self, job_id: int) -> Job | None: ...
    def principal(self, job_id: int) -> Principal: ...
    def claim(
        self, job_id: int, worker: str, now: datetime, lease_until: datetime
    ) -> int | None: ...
    def renew(
        self,
        job_id: int,
        attempt: int,
        lease_until: datetime,
        progress: float | None = ...,
        step: str | None = ...,
    ) -> bool: ...
    def finish(
        self,
        job_id: int,
        attempt: int,
        now: datetime,
        result_kind: str | None,
        result_id: str | None,
        result: dict[str, Any],
    ) -> bool: ...
    def add_result(self, job_id: int, result: dict[str, Any]) -> None: ...
    def fail(
        self, job_id: int, attempt: int, now: datetime, code: str, params: dict[str, Any]
    ) -> None: ...
    def requeue(
        self,
        job_id: int,
        attempt: int,
        not_before: datetime,
        code: str | None,
        params: dict[str, Any] | None,
    ) -> bool: ...
    def running(self) -> list[Job]: ...
    def queued(self, limit: int = ...) -> list[Job]: ...
    def recent(self, started_by: str | None, limit: int = ...) -> list[Job]: ...
    def counts(self) -> dict[tuple[str, str], int]: ...
