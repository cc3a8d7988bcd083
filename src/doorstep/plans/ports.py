"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from doorstep.evaluation.model import KpiCounts
from doorstep.plans.model import Plan, PlanDraft


class PlanRepository(Protocol):
    """What the use cases ask of ``uow.plans`` (``store.repositories.plans``)."""

    def list(self) -> list[Plan]: ...
    def get(self, plan_id: int) -> Plan: ...
    def add(self, d: PlanDraft, owner_user_id: int | None, at: datetime) -> int: ...
    def update(self, plan_id: int, expected_version: int, d: PlanDraft) -> int: ...
    def mark_step_done(self, plan_id: int, step_id: int, at: datetime) -> bool: ...
    def branch_names(self, ids: Sequence[int]) -> Sequence[str]: ...
    def counts(self, plan_id: int) -> KpiCounts: ...
