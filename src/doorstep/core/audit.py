"""The audit trail's hash chain, as pure functions.

Every event's hash covers its own content and the previous event's hash, so altering,
deleting or reordering any row breaks the chain from that row on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """An event to append: who did what to which entity, when, before/after."""

    actor: str
    action: str
    entity: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    at: datetime


@dataclass(frozen=True)
class AuditRecord:
    """One audit event as stored: who did what to which entity, when, before/after."""

    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    prev_hash: str
    hash: str


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _timestamp(at: datetime) -> str:
    """UTC, naive, microseconds: what every database gives back unchanged."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def event_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> str:
    """SHA-256 over the previous hash and this event's canonical content."""
    body = canonical([seq, _timestamp(at), actor, action, entity, entity_id, before, after])
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(records: Iterable[AuditRecord]) -> ChainBreak | None:
    """The first row whose link or content does not hold, or ``None`` when intact."""
    prev = GENESIS
    expected_seq = 1
    for r in records:
        if r.seq != expected_seq:
            return ChainBreak(r.seq, f"expected row {expected_seq}, found row {r.seq}")
        if r.prev_hash != prev:
            return ChainBreak(r.seq, "link to the previous row is broken")
        recomputed = event_hash(
            r.prev_hash, r.seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after
        )
        if recomputed != r.hash:
            return ChainBreak(r.seq, "content does not match its hash")
        prev = r.hash
        expected_seq += 1
    return None
