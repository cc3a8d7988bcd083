"""Append-only audit log in the database: each row chained to the one before it.

The head row (``audit_head``) holds the last sequence number and hash; it is locked for the
length of the writing transaction, so concurrent writers queue up and the chain stays a
single line. Because the head is kept too, deleting the newest rows is detected as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, insert, select, update

from doorstep.core.audit import (
    GENESIS,
    AuditEntry,
    AuditRecord,
    ChainBreak,
    event_hash,
    verify_chain,
)
from doorstep.core.clock import naive_utc
from doorstep.store.tables import audit_events, audit_head


def _lock_head(conn: Connection) -> tuple[int, str]:
    stmt = select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
    if conn.dialect.name != "sqlite":
        stmt = stmt.with_for_update()
    row = conn.execute(stmt).first()
    if row is None:
        conn.execute(insert(audit_head).values(id=1, seq=0, hash=GENESIS))
        return 0, GENESIS
    return int(row.seq), str(row.hash)


def append_many(conn: Connection, entries: Iterable[AuditEntry]) -> int:
    """Append entries in order inside the caller's transaction; returns the last seq."""
    seq, prev = _lock_head(conn)
    rows: list[dict[str, Any]] = []
    for e in entries:
        seq += 1
        at = naive_utc(e.at)
        before = dict(e.before) if e.before is not None else None
        after = dict(e.after) if e.after is not None else None
        h = event_hash(prev, seq, at, e.actor, e.action, e.entity, e.entity_id, before, after)
        rows.append({"seq": seq, "at": at, "actor": e.actor, "action": e.action,
                     "entity": e.entity, "entity_id": e.entity_id, "before": before,
                     "after": after, "prev_hash": prev, "hash": h})
        prev = h
    if rows:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(audit_events), rows[start:start + 5000])
        conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=prev))
    return seq


def append(conn: Connection, entry: AuditEntry) -> int:
    return append_many(conn, [entry])


def _records(conn: Connection, batch: int = 10_000) -> Iterator[AuditRecord]:
    last = 0
    while True:
        rows = conn.execute(
            select(audit_events).where(audit_events.c.seq > last)
            .order_by(audit_events.c.seq).limit(batch)
        ).all()
        if not rows:
            return
        for r in rows:
            yield AuditRecord(**r._mapping)
        last = rows[-1].seq


def verify(conn: Connection) -> tuple[int, ChainBreak | None]:
    """Walk the whole chain; returns (rows checked, first break or None)."""
    count = 0

    def counted() -> Iterator[AuditRecord]:
        nonlocal count
        for r in _records(conn):
            count += 1
            yield r

    broken = verify_chain(counted())
    if broken is not None:
        return count, broken
    head = conn.execute(select(audit_head.c.seq, audit_head.c.hash)).first()
    last = conn.execute(
        select(audit_events.c.seq, audit_events.c.hash).order_by(audit_events.c.seq.desc())
        .limit(1)
    ).first()
    head_seq = 0 if head is None else int(head.seq)
    last_seq = 0 if last is None else int(last.seq)
    if head_seq != last_seq or (head is not None and last is not None and head.hash != last.hash):
        return count, ChainBreak(last_seq + 1 if head_seq > last_seq else last_seq,
                                 f"the newest rows are missing: the head names row {head_seq}")
    return count, None
