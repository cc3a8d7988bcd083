"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple, Protocol

from doorstep.teams.model import StaffMember, Team


class Branch(NamedTuple):
    """A branch as stored."""

    id: int
    code: str
    name: str
    district: str
    address: str
    lat: float
    lon: float


class TeamRepository(Protocol):
    """What the use cases ask of ``uow.teams`` (``store.repositories.teams``)."""

    def staff_of_branch(self, branch_id: int | None) -> list[StaffMember]: ...
    def staff_by_ids(self, ids: list[int]) -> dict[int, StaffMember]: ...
    def teams_of_branch(self, branch_id: int | None, *, active_only: bool = ...) -> list[Team]: ...
    def on_duty_count(self, branch_id: int, day: date) -> int: ...
    def get(self, team_id: int) -> Team: ...
    def add(self, name: str, branch_id: int, a: int, b: int, formed_on: date) -> int: ...
    def branch_id_by_code(self, code: str) -> int: ...
    def branch(self, branch_id: int) -> Branch: ...
