"""The audit trail's hash chain detects altered, deleted and reordered rows."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from doorstep.core.audit import GENESIS, AuditRecord, event_hash, verify_chain


def chain(n: int) -> list[AuditRecord]:
    rows, prev = [], GENESIS
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    for i in range(1, n + 1):
        at = t0 + timedelta(minutes=i)
        h = event_hash(prev, i, at, "user:a", "case.approve", "case", str(i), None, {"v": i})
        rows.append(AuditRecord(i, at, "user:a", "case.approve", "case", str(i), None,
                                {"v": i}, prev, h))
        prev = h
    return rows


def test_intact_chain_verifies() -> None:
    """An untouched chain has no break."""
    assert verify_chain(chain(5)) is None


def test_altered_row_is_named() -> None:
    """Changing a row's content breaks the chain at that row."""
    rows = chain(5)
    rows[2] = replace(rows[2], after={"v": 999})
    broken = verify_chain(rows)
    assert broken is not None and broken.seq == 3


def test_deleted_row_is_named() -> None:
    """Removing a row from the middle is reported at the gap."""
    rows = chain(5)
    del rows[1]
    broken = verify_chain(rows)
    assert broken is not None and broken.seq == 3


def test_reordered_rows_are_detected() -> None:
    """Swapping two rows breaks the chain."""
    rows = chain(5)
    rows[1], rows[2] = rows[2], rows[1]
    assert verify_chain(rows) is not None
