"""The first pass over a file: every row mapped and validated, duplicates and references
found, with memory for compact key digests only (pure apart from the reference lookup the
caller passes in)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

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
class _Keys:
    digests: array[int] = field(default_factory=lambda: array("q"))
    contents: array[int] = field(default_factory=lambda: array("q"))
    rows: array[int] = field(default_factory=lambda: array("q"))


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

    Memory per row is a few 8-byte digests: a reference met by a record of the same source
    row (a wide file's customer, account and months) is settled there; the others are kept
    once per referenced value, with the row numbers in a compact array, and settled at the
    end against the file's key digests, then the database."""
    result = CheckResult()
    keys = {k: _Keys() for k in mapping.kinds()}
    pending: dict[_Ref, array[int]] = {}
    for rowno, row in enumerate(rows, 1):
        result.rows = rowno
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
            kk = keys[kind]
            kk.digests.append(digest64(key))
            kk.contents.append(content_digest(record))
            kk.rows.append(rowno)
            for ref in _references(kind, record, sources, local):
                pending.setdefault(ref, array("q")).append(rowno)
        if on_row and rowno % 1000 == 0:
            on_row(rowno)
    for kind, kk in keys.items():
        for e in duplicate_errors(kind, kk):
            result.add(e)
    for e in _dangling(pending, keys, exists_in_db):
        result.add(e)
    return result


@dataclass(frozen=True)
class _Ref:
    """A reference not settled in its own row: to which kind, from which field and column."""

    kind: Kind
    field: str
    column: str
    value: str


def _references(kind: Kind, record: Record, sources: dict[str, str],
                local: dict[Kind, set[str]]) -> Iterator[_Ref]:
    for name, spec in FIELDS[kind].items():
        value = record.get(name)
        if spec.refers_to is None or value is None:
            continue
        if str(value) not in local.get(spec.refers_to, ()):
            yield _Ref(spec.refers_to, name, sources.get(name, name), str(value))


def _dangling(pending: dict[_Ref, array[int]], keys: dict[Kind, _Keys],
              exists_in_db: ExistsInDb) -> Iterator[RowError]:
    for kind in REFERENCED:
        wanted = [r for r in pending if r.kind is kind]
        if not wanted:
            continue
        if kind in keys and keys[kind].digests:
            in_file = np.isin(np.array([digest64(r.value) for r in wanted], dtype=np.int64),
                              np.frombuffer(keys[kind].digests, dtype=np.int64))
            wanted = [r for r, hit in zip(wanted, in_file, strict=True) if not hit]
        found = exists_in_db(kind, sorted({r.value for r in wanted})) if wanted else set()
        yield from sorted((RowError(rowno, ref.column, "intake.missing_reference",
                                    {"field": ref.field, "value": ref.value})
                           for ref in wanted if ref.value not in found for rowno in pending[ref]),
                          key=lambda e: e.row)


def duplicate_errors(kind: Kind, kk: _Keys) -> Iterator[RowError]:
    """Every row whose key another row has with different data (the other row named)."""
    if not kk.digests:
        return
    d, c, r = (np.frombuffer(a, dtype=np.int64) for a in (kk.digests, kk.contents, kk.rows))
    order = np.lexsort((r, d))
    d, c, r = d[order], c[order], r[order]
    clash = np.unique(d[1:][(d[1:] == d[:-1]) & (c[1:] != c[:-1])])
    label = "+".join(KEYS[kind])
    for key in clash:
        lo, hi = np.searchsorted(d, key, "left"), np.searchsorted(d, key, "right")
        rows, contents = r[lo:hi], c[lo:hi]
        for row, content in zip(rows, contents, strict=True):
            other = rows[contents != content][0]
            yield RowError(int(row), label, "intake.duplicate", {"key": label,
                                                                 "other": int(other)})
