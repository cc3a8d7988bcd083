"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from doorstep.cases.model import Case, CaseState
from doorstep.cases.queries import CaseDetail, CaseListItem, CasePage, CaseQuery


@dataclass(frozen=True)
class LatestVisit:
    """The case's latest recorded visit, as the lifecycle guards read it."""

    staff_present: tuple[int, ...]
    check_in_at: datetime | None
    check_out_at: datetime | None


class CaseRepository(Protocol):
    """What the use cases ask of ``uow.cases`` (``store.repositories.cases``)."""

    def get(self, case_id: int) -> Case: ...
    def save(self, case: Case, expected_version: int, at: datetime) -> None: ...
    def page(self, q: CaseQuery, scope_branch: int | None, now: datetime) -> CasePage: ...
    def counts_by_state(self, scope_branch: int | None) -> dict[CaseState, int]: ...
    def due_between(
        self, scope_branch: int | None, start: datetime, end: datetime, limit: int
    ) -> list[CaseListItem]: ...
    def detail(self, case_id: int, *, history: bool = ...) -> CaseDetail: ...
    def team_members(self, team_id: int) -> list[int]: ...
    def latest_visit(self, case_id: int) -> LatestVisit | None: ...
    def visit_attempts(self, case_id: int) -> int: ...
    def add_exception(
        self,
        case_id: int | None,
        rule: str,
        detail: str,
        approver: str,
        reason: str,
        actor: str,
        at: datetime,
        decision: str = ...,
        approval_id: int | None = ...,
    ) -> int: ...
    def customer_flags(self, customer_id: int) -> tuple[bool, bool]: ...
    def next_case_no(self, at: datetime) -> str: ...
    def add(self, case: Case, case_no: str, at: datetime) -> int: ...
