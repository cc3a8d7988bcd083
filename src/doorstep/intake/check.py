"""The first pass over a file: every row mapped and validated, duplicates and references
found, with the per-row key digests kept on disk (pure apart from the reference lookup the
caller passes in and the temporary spill database)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from doorstep.cases.model import BusinessLine
from doorstep.intake.mapping import Mapping, map_row
from doorstep.intake.model import (
    FIELDS,
    KEYS,
    LEGAL_EVENT_KINDS,
    ONE_OF,
    Kind,
    Record,
    RowError,
)
from doorstep.intake.spill import Spill
from doorstep.intake.validate import content_digest, convert, digest64, key_of

CHANNELS = ("branch", "hotline", "app", "online", "regulator", "letter", "survey")
VOCABULARY: dict[tuple[Kind, str], tuple[str, ...]] = {
    (Kind.CUSTOMERS, "gender"): ("M", "F", "U"),
    (Kind.ACCOUNTS, "business_line"): tuple(b.value for b in BusinessLine),
    (Kind.COMPLAINTS, "business_line"): tuple(b.value for b in BusinessLine),
    (Kind.COMPLAINTS, "channel"): CHANNELS,
    (Kind.LEGAL_EVENTS, "event"): LEGAL_EVENT_KINDS,
}
REFERENCED = (Kind.BRANCHES, Kind.CUSTOMERS, Kind.ACCOUNTS)
MAX_ERRORS = 100_000  # problems kept for the report; every bad row is still counted
ExistsInDb = Callable[[Kind, list[str]], set[str]]


def mapped_records(mapping: Mapping, rowno: int, row: dict[str, Any]
                   ) -> Iterator[tuple[Kind, Record, list[RowError], dict[str, str]]]:
    """Each target's typed records of one source row with their problems."""
    for target in mapping.targets:
        for raw, sources, failed in map_row(target, row):
            record, errors = convert(target.kind, raw, rowno, sources)
            errors += [RowError(rowno, sources.get(n, n), code,
                                {"field": n, "value": _raw_value(target.kind, n, row, sources)})
                       for n, code in failed.items()]
            errors += vocabulary_errors(target.kind, record, rowno, sources)
            errors += one_of_errors(target.kind, record, rowno)
            yield target.kind, record, errors, sources


def _raw_value(kind: Kind, name: str, row: dict[str, Any], sources: dict[str, str]) -> str:
    value = row.get(sources.get(name, name), "")
    return "***" if FIELDS[kind][name].personal else str(value)[:40]


def vocabulary_errors(kind: Kind, record: Record, rowno: int,
                      sources: dict[str, str]) -> list[RowError]:
    out = []
    for (k, name), allowed in VOCABULARY.items():
        value = record.get(name)
        if k is kind and value is not None and value not in allowed:
            out.append(RowError(rowno, sources.get(name, name), "intake.unknown_value",
                                {"field": name, "value": value, "allowed": "/".join(allowed)}))
    return out


def one_of_errors(kind: Kind, record: Record, rowno: int) -> list[RowError]:
    """A record that needs one of several fields (an account or a customer) and has none."""
    names = ONE_OF.get(kind, ())
    if not names or any(record.get(n) is not None for n in names):
        return []
    return [RowError(rowno, "/".join(names), "intake.one_of_required", {"fields": "/".join(names)})]


@dataclass
class CheckResult:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)
    records: dict[str, int] = field(default_factory=dict)

    def add(self, error: RowError) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)
        self.bad_rows.add(error.row)


def check_rows(mapping: Mapping, rows: Iterable[dict[str, Any]], exists_in_db: ExistsInDb,
               on_row: Callable[[int], None] | None = None) -> CheckResult:
    """Validate every row; duplicates with different data and dangling references become
    errors on their rows.

    A reference met by a record of the same source row (a wide file's customer, account and
    months) is settled there. Every record's key and content digests and the other
    references go to a temporary on-disk table (:mod:`doorstep.intake.spill`) and are
    settled there at the end, against the file's keys, then the database: memory does not
    grow with the file's rows (only with its bad rows)."""
    result = CheckResult()
    with Spill() as spill:
        for rowno, row in enumerate(rows, 1):
            result.rows = rowno
            _check_row(mapping, rowno, row, result, spill)
            if on_row and rowno % 1000 == 0:
                on_row(rowno)
        spill.index()
        for kind in mapping.kinds():
            for e in duplicate_errors(kind, spill):
                result.add(e)
        for kind in REFERENCED:
            for row, column, name, value in spill.dangling(kind, exists_in_db):
                result.add(RowError(row, column, "intake.missing_reference",
                                    {"field": name, "value": value}))
    return result


def _check_row(mapping: Mapping, rowno: int, row: dict[str, Any], result: CheckResult,
               spill: Spill) -> None:
    local: dict[Kind, set[str]] = {}
    for kind, record, errors, sources in mapped_records(mapping, rowno, row):
        for e in errors:
            result.add(e)
        result.records[kind.value] = result.records.get(kind.value, 0) + 1
        if any(record.get(k) is None for k in KEYS[kind]):
            continue
        key = key_of(kind, record)
        if kind in REFERENCED:
            local.setdefault(kind, set()).add(key)
        spill.key(kind, digest64(key), content_digest(record), rowno)
        for name, spec in FIELDS[kind].items():
            value = record.get(name)
            if spec.refers_to is None or value is None or str(value) in local.get(
                    spec.refers_to, ()):
                continue
            spill.ref(spec.refers_to, name, sources.get(name, name), str(value),
                      digest64(str(value)), rowno)


def duplicate_errors(kind: Kind, spill: Spill) -> Iterator[RowError]:
    """Every row whose key another row has with different data (the other row named)."""
    label = "+".join(KEYS[kind])
    for row, other in spill.duplicates(kind):
        yield RowError(int(row), label, "intake.duplicate", {"key": label, "other": int(other)})
