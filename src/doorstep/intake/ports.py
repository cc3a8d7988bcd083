"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from doorstep.intake.model import Kind, Record


class ImportRun(NamedTuple):
    """An import of a bank's file, as stored."""

    id: int
    file_name: str
    file_sha256: str
    mapping_digest: str
    kinds: Any
    status: str
    partial: bool
    rows: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    actor: str
    started_at: datetime
    finished_at: datetime


class RowChange(NamedTuple):
    """One entry of a row's change log: the import that made it, and each changed column's
    value before and after (personal data masked)."""

    run_id: int
    action: str  # insert | update
    changes: dict[str, list[object]]
    file_name: str
    actor: str
    finished_at: datetime


class BranchRef(NamedTuple):
    """A branch a record refers to by its code (id, place and district for new customers)."""

    id: int
    code: str
    name: str
    district: str
    address: str
    lat: float
    lon: float


class IntakeRepository(Protocol):
    """What the use cases ask of ``uow.intake`` (``store.repositories.intake``)."""

    def ids_by_key(self, kind: Kind, keys: Iterable[str]) -> dict[str, int]: ...
    def existing_keys(self, kind: Kind, keys: list[str]) -> set[str]: ...
    def branches(self, codes: Iterable[str]) -> dict[str, BranchRef]: ...
    def customer_branches(self, ids: Iterable[int]) -> dict[int, int]: ...
    def existing(self, kind: Kind, values: Sequence[Record]) -> dict[Hashable, Record]: ...
    def write(
        self, kind: Kind, inserts: list[Record], updates: list[tuple[int, Record]]
    ) -> None: ...
    def run_for(self, sha256: str, mapping_digest: str) -> ImportRun | None: ...
    def add_run(self, values: Record) -> int: ...
    def export_rows(self, kind: Kind) -> Iterator[Record]: ...
    def stats(self) -> dict[str, int]: ...
    def set_based(self, kind: Kind) -> bool: ...
    def upsert(self, kind: Kind, rows: Sequence[Record]
               ) -> tuple[int, list[tuple[int, Record, Record]]]: ...
    def account_customers(self, ids: Iterable[int]) -> dict[int, int]: ...
    def log_changes(self, kind: Kind, entries: Sequence[tuple[str, str, Any]]) -> None: ...
    def claim_changes(self, run_id: int) -> None: ...
    def changes_of(self, kind: Kind, key: str) -> list[RowChange]: ...
