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
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.ops.retention import (
    CLOSED_STATES,
    Kind,
    PurgeReport,
    RetentionSchedule,
    evidence_hold,
)
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


CLOSED_ON = func.coalesce(t.cases.c.closed_at, t.cases.c.updated_at)
Why = dict[tuple[Kind, str], tuple[str, dict[str, str]]]


def _closed_before(cutoff: datetime, case_id: int | None) -> Any:
    """Cases closed (resolved or unreachable, never litigation or open) before ``cutoff``."""
    closed = [s.value for s in CLOSED_STATES]
    cond = and_(t.cases.c.state.in_(closed), CLOSED_ON.__lt__(cutoff))
    return cond if case_id is None else and_(cond, t.cases.c.id == case_id)


def _case_why(conn: Connection, kind: Kind, table: Table, ids: list[int], months: int,
              why: Why) -> None:
    for part in _chunks(ids):
        rows = conn.execute(select(table.c.id, t.cases.c.case_no, CLOSED_ON.label("closed"))
                            .join(t.cases, t.cases.c.id == table.c.case_id)
                            .where(table.c.id.in_(part)))
        for r in rows:
            why[(kind, str(r.id))] = (f"retention.why.{kind.value}", {
                "case_no": r.case_no, "closed_on": r.closed.date().isoformat(),
                "months": str(months)})


def _due_visits(conn: Connection, cutoff: datetime, case_id: int | None) -> list[int]:
    rows = conn.execute(select(t.visits.c.id).join(t.cases, t.cases.c.id == t.visits.c.case_id)
                        .where(_closed_before(cutoff, case_id)).order_by(t.visits.c.id))
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


def _evidence_of_closed(conn: Connection, cutoff: datetime, case_id: int | None) -> set[int]:
    """Evidence whose case was closed (not in litigation, not open) before ``cutoff``."""
    of_closed = select(t.cases.c.id).where(_closed_before(cutoff, case_id))
    return set(_evidence_where(conn, t.evidence.c.case_id.in_(of_closed)))


def find_due(conn: Connection, schedule: RetentionSchedule, now: datetime,
             case_id: int | None = None, why: Why | None = None) -> dict[Kind, list[Any]]:
    """Ids per kind that are past the schedule and referenced by nothing that stays.

    Evidence goes only when it is old enough *and* its case was closed at least the evidence
    period ago: never while the case is open, in mediation or in litigation. With
    ``case_id`` only that case's visits and evidence are considered. ``why`` (if given) is
    filled with the reason for each item.
    """
    cut = {k: naive_utc(v) for k, v in schedule.cutoffs(now).items()}
    visits = _due_visits(conn, cut[Kind.VISITS], case_id)
    old = _evidence_where(conn, t.evidence.c.uploaded_at < cut[Kind.EVIDENCE])
    of_visits = _evidence_where(conn, t.evidence.c.visit_id.in_(visits)) if visits else []
    closed = _evidence_of_closed(conn, cut[Kind.EVIDENCE], case_id)
    candidates = sorted((set(old) | set(of_visits)) & closed)
    held = referenced(conn, t.evidence, candidates, ignore=set())
    evidence_ids = [i for i in candidates if i not in held]
    if why is not None:
        _case_why(conn, Kind.EVIDENCE, t.evidence, evidence_ids, schedule.evidence_months, why)
        _case_why(conn, Kind.VISITS, t.visits, visits, schedule.closed_case_visit_months, why)
    if case_id is not None:
        return {Kind.EVIDENCE: evidence_ids, Kind.VISITS: visits, Kind.WEB_SESSIONS: [],
                Kind.OUTBOX: [], Kind.API_TOKENS: []}
    sessions = conn.execute(select(t.web_sessions.c.id_hash)
                            .where(t.web_sessions.c.expires_at < cut[Kind.WEB_SESSIONS])
                            .order_by(t.web_sessions.c.id_hash))
    outbox = conn.execute(select(td.outbox.c.id).where(and_(
        td.outbox.c.sent_at.is_not(None), td.outbox.c.sent_at < cut[Kind.OUTBOX]))
        .order_by(td.outbox.c.id))
    tokens = conn.execute(select(t.api_tokens.c.id)
                          .where(t.api_tokens.c.expires_at < cut[Kind.API_TOKENS])
                          .order_by(t.api_tokens.c.id))
    due = {Kind.EVIDENCE: evidence_ids, Kind.VISITS: visits,
           Kind.WEB_SESSIONS: [r[0] for r in sessions], Kind.OUTBOX: [r[0] for r in outbox],
           Kind.API_TOKENS: [r[0] for r in tokens]}
    if why is not None:
        for kind, code in ((Kind.WEB_SESSIONS, "expires_at"), (Kind.OUTBOX, "sent_at"),
                           (Kind.API_TOKENS, "expires_at")):
            table, key = TABLES[kind]
            for part in _chunks(due[kind]):
                for r in conn.execute(select(table.c[key], table.c[code])
                                      .where(table.c[key].in_(part))):
                    why[(kind, str(r[0]))] = (f"retention.why.{kind.value}",
                                              {"on": r[1].date().isoformat()})
    return due


def case_to_purge(conn: Connection, case_no: str, schedule: RetentionSchedule,
                  now: datetime) -> int:
    """The id of case ``case_no`` if its evidence may go; raises why it must stay."""
    row = conn.execute(select(t.cases.c.id, t.cases.c.state, CLOSED_ON.label("closed"))
                       .where(t.cases.c.case_no == case_no)).first()
    if row is None:
        raise NotFound(entity=Msg(N_("Case")), id=case_no)
    cutoff = naive_utc(schedule.cutoffs(now)[Kind.EVIDENCE])
    closed = row.closed if row.state in {s.value for s in CLOSED_STATES} else None
    hold = evidence_hold(case_no, row.state, closed, cutoff, schedule.evidence_months)
    if hold is not None:
        raise hold
    return int(row.id)


TABLES: dict[Kind, tuple[Table, str]] = {
    Kind.EVIDENCE: (t.evidence, "id"), Kind.VISITS: (t.visits, "id"),
    Kind.WEB_SESSIONS: (t.web_sessions, "id_hash"), Kind.OUTBOX: (td.outbox, "id"),
    Kind.API_TOKENS: (t.api_tokens, "id"),
}


def purge(conn: Connection, schedule: RetentionSchedule, now: datetime, *, actor: str,
          dry_run: bool, case_no: str | None = None) -> PurgeReport:
    """Delete (or, on a dry run, only list) what is due; the caller commits.

    With ``case_no`` only that case's records, and only if its evidence no longer matters
    (else :class:`~doorstep.ops.retention.EvidenceHeld` is raised and nothing changes).
    Returns the report; its ``files`` are the evidence storage keys to remove after commit.
    """
    case_id = None if case_no is None else case_to_purge(conn, case_no, schedule, now)
    report = PurgeReport(dry_run=dry_run)
    due = find_due(conn, schedule, now, case_id, report.why)
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
              *, actor: str, dry_run: bool, case_no: str | None = None,
              files: FileStore | None = None) -> PurgeReport:
    """One transaction for the rows; the evidence files go only after it committed (from
    ``files``, e.g. an S3 bucket, else the local ``evidence_dir``)."""
    with engine.begin() as conn:
        report = purge(conn, schedule, now, actor=actor, dry_run=dry_run, case_no=case_no)
    if not dry_run:
        store = files if files is not None else LocalFileStore(evidence_dir)
        for key in report.files:
            store.delete(key)
    return report
