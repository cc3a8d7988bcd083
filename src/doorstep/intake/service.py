"""The import use case: check the whole file first (nothing written), then write it in
batches inside one transaction — all or nothing, or the good rows only when asked. The
same file twice changes nothing (its SHA-256 is kept in ``import_runs``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import AuditEntry
from doorstep.core.i18n import translate
from doorstep.core.uow import UnitOfWork
from doorstep.intake import messages  # noqa: F401  (registers the messages)
from doorstep.intake.check import check_rows, mapped_records
from doorstep.intake.diff import audit_values, changed_columns, key_of_row
from doorstep.intake.mapping import Mapping
from doorstep.intake.model import KEYS, ORDER, Kind, Record, RowError
from doorstep.intake.readers import check_columns, file_sha256, format_of, read_rows
from doorstep.intake.records import Lookups, to_columns

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class ImportOptions:
    """``dry_run`` writes nothing; ``keep_good_rows`` imports the rows without problems."""

    dry_run: bool = False
    keep_good_rows: bool = False
    batch_size: int = 5000


@dataclass
class ImportReport:
    """What an import did, per kind, and every problem by row and column."""

    file: str
    kinds: list[str]
    rows: int = 0
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    status: str = "imported"  # imported | dry_run | rejected | already_imported
    run_id: int | None = None
    seconds: float = 0.0
    previous: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """The ``--json`` line: totals, then the same per kind."""
        return {"kind": ",".join(self.kinds), "rows": self.rows,
                "inserted": sum(self.inserted.values()), "updated": sum(self.updated.values()),
                "unchanged": sum(self.unchanged.values()), "rejected": self.rejected,
                "status": self.status, "run_id": self.run_id,
                "by_kind": {k: {"inserted": self.inserted.get(k, 0),
                                "updated": self.updated.get(k, 0),
                                "unchanged": self.unchanged.get(k, 0)} for k in self.kinds}}


    def public(self, lang: str, limit: int = 200) -> dict[str, Any]:
        """The summary with the first ``limit`` problems in the reader's language."""
        message = ""
        if self.status == "already_imported":
            message = translate("intake.already_imported", lang, **self.previous)
        elif self.status == "rejected":
            message = translate("intake.rejected", lang, rejected=self.rejected)
        return self.summary() | {"file": self.file, "message": message, "errors": [
            {"row": e.row, "column": e.column, "code": e.code,
             "message": translate(e.code, lang, **e.params)} for e in self.errors[:limit]]}


def _rows(path: Path, mapping: Mapping) -> Any:
    header, rows = read_rows(path, format_of(path, mapping.format), mapping.encoding,
                             mapping.sheet)
    check_columns(header, mapping.required_columns(), path.name)
    return rows


def import_file(uow: UnitOfWork, principal: Principal, path: Path, mapping: Mapping,
                options: ImportOptions = ImportOptions(), file_name: str | None = None,
                progress: Progress | None = None) -> ImportReport:
    """Check ``path`` against ``mapping`` and, if it may, write it (see the module text)."""
    require(principal, Permission.DATA_IMPORT)
    started = time.perf_counter()
    name = file_name or path.name
    report = ImportReport(name, [k.value for k in mapping.kinds()])
    sha = file_sha256(path)
    previous = uow.intake.run_for(sha, mapping.digest)
    if previous is not None:
        report.status, report.run_id = "already_imported", int(previous.id)
        report.rows = int(previous.rows)
        report.unchanged = {report.kinds[0]: int(previous.rows)}
        report.previous = {"run": int(previous.id), "at": previous.finished_at.isoformat()}
        return report
    checked = check_rows(mapping, _rows(path, mapping), uow.intake.existing_keys,
                         (lambda n: progress("check", n)) if progress else None)
    report.rows, report.errors, report.rejected = checked.rows, checked.errors, len(
        checked.bad_rows)
    if checked.bad_rows and not options.keep_good_rows:
        report.status = "rejected"
        return report
    _write(uow, principal, path, mapping, checked.bad_rows, report, options, progress)
    report.seconds = time.perf_counter() - started
    if options.dry_run:
        report.status = "dry_run"
        return report
    report.run_id = uow.intake.add_run(_run_row(report, name, sha, mapping, principal, uow,
                                                options))
    uow.intake.claim_changes(report.run_id)
    uow.audit(AuditEntry(principal.actor, "data.import", "import_run", str(report.run_id), None,
                         {"file": name, "sha256": sha, **report.summary()}, uow.clock.now()))
    return report


def _run_row(report: ImportReport, name: str, sha: str, mapping: Mapping,
             principal: Principal, uow: UnitOfWork, options: ImportOptions) -> Record:
    s = report.summary()
    now = uow.clock.now()
    return {"file_name": name[:200], "file_sha256": sha, "mapping_digest": mapping.digest,
            "kinds": report.kinds, "status": "imported", "partial": options.keep_good_rows,
            "rows": report.rows, "inserted": s["inserted"], "updated": s["updated"],
            "unchanged": s["unchanged"], "rejected": report.rejected, "actor": principal.actor,
            "started_at": now, "finished_at": now}


def _write(uow: UnitOfWork, principal: Principal, path: Path, mapping: Mapping,
           bad_rows: set[int], report: ImportReport, options: ImportOptions,
           progress: Progress | None) -> None:
    buffers: dict[Kind, list[Record]] = {k: [] for k in mapping.kinds()}
    writer = _BatchWriter(uow, principal, report)
    size = 0
    for rowno, row in enumerate(_rows(path, mapping), 1):
        if rowno in bad_rows:
            continue
        for kind, record, _errors, _sources in mapped_records(mapping, rowno, row):
            buffers[kind].append(record)
            size += 1
        if size >= options.batch_size:
            writer.flush_all(buffers)
            size = 0
            if progress:
                progress("write", rowno)
    writer.flush_all(buffers)


class _BatchWriter:
    """Upserts one batch per kind, in reference order, and audits every update."""

    def __init__(self, uow: UnitOfWork, principal: Principal, report: ImportReport) -> None:
        self.uow, self.principal, self.report = uow, principal, report
        self.now = uow.clock.now()

    def flush_all(self, buffers: dict[Kind, list[Record]]) -> None:
        for kind in ORDER:
            if buffers.get(kind):
                self.flush(kind, buffers[kind])
                buffers[kind] = []

    def flush(self, kind: Kind, records: list[Record]) -> None:
        unique = {tuple(r[k] for k in KEYS[kind]): r for r in records}
        ids = self._lookups(kind, list(unique.values()))
        rows = [to_columns(kind, r, ids, self.now) for r in unique.values()]
        if self.uow.intake.set_based(kind):
            self._set_based(kind, rows)
            return
        plan = uow_plan(self.uow, kind, rows)
        self.uow.intake.write(kind, plan.inserts, plan.updates)
        k = kind.value
        self.report.inserted[k] = self.report.inserted.get(k, 0) + len(plan.inserts)
        self.report.updated[k] = self.report.updated.get(k, 0) + len(plan.updates)
        self.report.unchanged[k] = self.report.unchanged.get(k, 0) + plan.unchanged
        self.uow.intake.log_changes(kind, [(_text_key(kind, r), "insert", None)
                                           for r in plan.inserts]
                                    + [(key, "update", _pairs(b, a)) for key, b, a in plan.log])
        for row_id, before, after in plan.audit:
            self.uow.audit(AuditEntry(self.principal.actor, f"data.update.{k}", k, str(row_id),
                                      before, after, self.now))

    def _set_based(self, kind: Kind, rows: list[Record]) -> None:
        inserted, changed = self.uow.intake.upsert(kind, rows)
        k = kind.value
        self.report.inserted[k] = self.report.inserted.get(k, 0) + inserted
        self.report.updated[k] = self.report.updated.get(k, 0) + len(changed)
        self.report.unchanged[k] = (self.report.unchanged.get(k, 0) + len(rows) - inserted
                                    - len(changed))
        log = []
        for row_id, stored, new in changed:
            before, after = audit_values(kind, stored, changed_columns(stored, new))
            log.append((_text_key(kind, stored), "update", _pairs(before, after)))
            self.uow.audit(AuditEntry(self.principal.actor, f"data.update.{k}", k, str(row_id),
                                      before, after, self.now))
        self.uow.intake.log_changes(kind, log)

    def _lookups(self, kind: Kind, records: list[Record]) -> Lookups:
        repo, ids = self.uow.intake, Lookups()
        codes = {r["branch_code"] for r in records if r.get("branch_code")}
        ids.branches = repo.branches(codes) if codes else {}
        custs = {r["customer_no"] for r in records if r.get("customer_no")}
        if custs:
            ids.customers = repo.ids_by_key(Kind.CUSTOMERS, custs)
            if kind is Kind.COMPLAINTS:
                ids.customer_branch = repo.customer_branches(ids.customers.values())
        accts = {r["account_no"] for r in records if r.get("account_no")}
        if accts and kind is not Kind.ACCOUNTS:
            ids.accounts = repo.ids_by_key(Kind.ACCOUNTS, accts)
            if kind is Kind.LEGAL_EVENTS:
                ids.account_customer = repo.account_customers(ids.accounts.values())
        return ids


@dataclass
class _Plan:
    inserts: list[Record] = field(default_factory=list)
    updates: list[tuple[int, Record]] = field(default_factory=list)
    unchanged: int = 0
    audit: list[tuple[int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    log: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)


def _text_key(kind: Kind, row: Any) -> str:
    """The change log's key of a row: its number, or ``account_id|month`` and
    ``court case|event`` joined (as the set-based log writes them)."""
    key = key_of_row(kind, row)
    return "|".join(str(part) for part in key) if isinstance(key, tuple) else str(key)


def _pairs(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The changed fields as {column: [before, after]}, already masked."""
    return {k: [before.get(k), after[k]] for k in after}


def uow_plan(uow: UnitOfWork, kind: Kind, rows: list[Record]) -> _Plan:
    """Which rows are new, which change stored ones (and how), which are as stored."""
    plan = _Plan()
    stored = uow.intake.existing(kind, rows)
    for row in rows:
        old = stored.get(key_of_row(kind, row))
        if old is None:
            plan.inserts.append(row)
            continue
        changes = changed_columns(old, row)
        if not changes:
            plan.unchanged += 1
            continue
        plan.updates.append((int(old["id"]), changes))
        before, after = audit_values(kind, old, changes)
        plan.audit.append((int(old["id"]), before, after))
        plan.log.append((_text_key(kind, old), before, after))
    return plan
