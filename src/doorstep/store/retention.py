"""The retention purge's database part: find what the schedule says is due, delete it in one
transaction, audit it; evidence files are removed from the file store after the commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Connection, Engine, Table, and_, delete, func, select

from doorstep.core.audit import AuditEntry
from doorstep.core.clock import naive_utc
from doorstep.ops.retention import CLOSED_STATES, Kind, PurgeReport, RetentionSchedule
from doorstep.store import audit_log
from doorstep.store import tables as t
from doorstep.store import tables_dispatch as td
from doorstep.store.schema import metadata
from doorstep.visits.evidence.store import FileStore, LocalFileStore

log = structlog.get_logger("doorstep.retention")
CHUNK = 500



def _chunks(ids: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def referenced(conn: Connection, table: Table, ids: list[Any], ignore: set[str]) -> set[Any]:
    """Those ``ids`` of ``table`` that a row of any other table (not in ``ignore``) points to."""
    found: set[Any] = set()
    for other in metadata.sorted_tables:
        if other.name in ignore:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            for part in _chunks(ids):
                rows = conn.execute(select(fk.parent).where(fk.parent.in_(part)).distinct())
                found.update(r[0] for r in rows)
    return found


def _due_visits(conn: Connection, cutoff: datetime) -> list[int]:
    closed = [s.value for s in CLOSED_STATES]
    closed_on = func.coalesce(t.cases.c.closed_at, t.cases.c.updated_at)
    rows = conn.execute(select(t.visits.c.id).join(t.cases, t.cases.c.id == t.visits.c.case_id)
                        .where(t.cases.c.state.in_(closed), closed_on < cutoff)
                        .order_by(t.visits.c.id))
    ids = [int(r[0]) for r in rows]
    keep = referenced(conn, t.visits, ids, ignore={"evidence"})
    ids = [i for i in ids if i not in keep]
    evidence = _evidence_where(conn, t.evidence.c.visit_id.in_(ids)) if ids else []
    held = referenced(conn, t.evidence, evidence, ignore=set())
    if held:  # a visit whose evidence is still needed elsewhere stays, with its evidence
        rows = conn.execute(select(t.evidence.c.visit_id).where(t.evidence.c.id.in_(held)))
        blocked = {int(r[0]) for r in rows}
        ids = [i for i in ids if i not in blocked]
    return ids


def _evidence_where(conn: Connection, condition: Any) -> list[int]:
    rows = conn.execute(select(t.evidence.c.id).where(condition).order_by(t.evidence.c.id))
    return [int(r[0]) for r in rows]


def find_due(conn: Connection, schedule: RetentionSchedule, now: datetime) -> dict[Kind, list[Any]]:
    """Ids per kind that are past the schedule and referenced by nothing that stays."""
    cut = {k: naive_utc(v) for k, v in schedule.cutoffs(now).items()}
    visits = _due_visits(conn, cut[Kind.VISITS])
    old = _evidence_where(conn, t.evidence.c.uploaded_at < cut[Kind.EVIDENCE])
    of_visits = _evidence_where(conn, t.evidence.c.visit_id.in_(visits)) if visits else []
    candidates = sorted(set(old) | set(of_visits))
    held = referenced(conn, t.evidence, candidates, ignore=set())
    sessions = conn.execute(select(t.web_sessions.c.id_hash)
                            .where(t.web_sessions.c.expires_at < cut[Kind.WEB_SESSIONS])
                            .order_by(t.web_sessions.c.id_hash))
    outbox = conn.execute(select(td.outbox.c.id).where(and_(
        td.outbox.c.sent_at.is_not(None), td.outbox.c.sent_at < cut[Kind.OUTBOX]))
        .order_by(td.outbox.c.id))
    tokens = conn.execute(select(t.api_tokens.c.id)
                          .where(t.api_tokens.c.expires_at < cut[Kind.API_TOKENS])
                          .order_by(t.api_tokens.c.id))
    return {Kind.EVIDENCE: [i for i in candidates if i not in held], Kind.VISITS: visits,
            Kind.WEB_SESSIONS: [r[0] for r in sessions], Kind.OUTBOX: [r[0] for r in outbox],
            Kind.API_TOKENS: [r[0] for r in tokens]}


TABLES: dict[Kind, tuple[Table, str]] = {
    Kind.EVIDENCE: (t.evidence, "id"), Kind.VISITS: (t.visits, "id"),
    Kind.WEB_SESSIONS: (t.web_sessions, "id_hash"), Kind.OUTBOX: (td.outbox, "id"),
    Kind.API_TOKENS: (t.api_tokens, "id"),
}


def purge(conn: Connection, schedule: RetentionSchedule, now: datetime, *, actor: str,
          dry_run: bool) -> PurgeReport:
    """Delete (or, on a dry run, only list) what is due; the caller commits.

    Returns the report; its ``files`` are the evidence storage keys to remove after commit.
    """
    due = find_due(conn, schedule, now)
    report = PurgeReport(dry_run=dry_run)
    report.removed = {k: [str(i) for i in v] for k, v in due.items()}
    if due[Kind.EVIDENCE]:
        rows = conn.execute(select(t.evidence.c.storage_key)
                            .where(t.evidence.c.id.in_(due[Kind.EVIDENCE])))
        report.files = sorted(str(r[0]) for r in rows)
    if dry_run or report.total == 0:
        return report
    for kind in (Kind.EVIDENCE, Kind.VISITS, Kind.WEB_SESSIONS, Kind.OUTBOX, Kind.API_TOKENS):
        table, key = TABLES[kind]
        for part in _chunks(due[kind]):
            conn.execute(delete(table).where(table.c[key].in_(part)))
    ids = {k.value: v for k, v in report.removed.items() if v}
    audit_log.append(conn, AuditEntry(
        actor=actor, action="retention.purged", entity="retention",
        entity_id=now.date().isoformat(), before=None,
        after={"counts": report.counts(), "ids": ids}, at=now))
    ids = {k.value: v for k, v in report.removed.items() if v}
    log.info("retention_purged", counts=report.counts(), ids=ids)
    return report


def run_purge(engine: Engine, evidence_dir: Path, schedule: RetentionSchedule, now: datetime,
              *, actor: str, dry_run: bool, files: FileStore | None = None) -> PurgeReport:
    """One transaction for the rows; the evidence files go only after it committed (from
    ``files``, e.g. an S3 bucket, else the local ``evidence_dir``)."""
    with engine.begin() as conn:
        report = purge(conn, schedule, now, actor=actor, dry_run=dry_run)
    if not dry_run:
        store = files if files is not None else LocalFileStore(evidence_dir)
        for key in report.files:
            store.delete(key)
    return report
