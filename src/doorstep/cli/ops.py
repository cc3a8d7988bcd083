"""Operations: `doorstep db backup`, `doorstep db restore`, `doorstep retention purge`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import structlog
import typer

from doorstep.cli.admin import db_app
from doorstep.cli.common import console, container, user_errors
from doorstep.cli.tables import JSON, Col, emit
from doorstep.core.i18n import N_, _, get_language, pgettext

retention_app = typer.Typer(help="Retention schedule", no_args_is_help=True)
log = structlog.get_logger("doorstep.ops")
SHOWN = 200  # rows of the purge table; --json prints them all

DbUrl = Annotated[str | None, typer.Option("--database-url",
                                           help="Defaults to DOORSTEP_DATABASE_URL")]
EvidenceDir = Annotated[Path | None, typer.Option("--evidence-dir",
                                                  help="Defaults to DOORSTEP_EVIDENCE_DIR")]


@db_app.command("backup")
def backup(out: Annotated[Path, typer.Option("--out", help="archive to write (.tar.gz)")],
           database_url: DbUrl = None, evidence_dir: EvidenceDir = None) -> None:
    """Back up the database and every evidence file into one archive with a manifest."""
    from doorstep.store.backup import create_backup

    c = container(database_url)
    started = time.perf_counter()
    with user_errors(), console.status(_("Backing up…")):
        result = create_backup(c.engine, evidence_dir or c.settings.evidence_dir, out,
                               c.clock.now())
    log.info("backup_written", tables=result.tables, rows=result.rows,
             evidence_files=result.evidence_files)
    console.print(_("Backup done: %(tables)s tables, %(rows)s rows, %(evidence_files)s evidence "
                    "files → %(out)s (%(v)s s)", tables=result.tables, rows=result.rows,
                    evidence_files=result.evidence_files, out=out,
                    v=f'{time.perf_counter() - started:.1f}'))


@db_app.command("restore")
def restore(archive: Annotated[Path, typer.Argument(
                help="archive written by `doorstep db backup`")],
            force: Annotated[bool, typer.Option("--force",
                                                help="overwrite a non-empty database")] = False,
            database_url: DbUrl = None, evidence_dir: EvidenceDir = None) -> None:
    """Restore the database and the evidence files from an archive after checking it."""
    from doorstep.store.backup import restore_backup

    if not archive.is_file():
        console.print(_("[red]Error[/red] backup file not found: %(archive)s", archive=archive))
        raise typer.Exit(2)
    c = container(database_url)
    with user_errors(), console.status(_("Verifying and restoring…")):
        manifest = restore_backup(c.engine, evidence_dir or c.settings.evidence_dir, archive,
                                  force=force)
    rows = sum(t.rows for t in manifest.tables.values())
    log.info("backup_restored", tables=len(manifest.tables), rows=rows,
             evidence_files=manifest.evidence_count())
    console.print(_("Restored and verified: %(len)s tables, %(rows)s rows, %(evidence_count)s "
                    "evidence files (backed up at %(created_at)s)", len=len(manifest.tables),
                    rows=rows, evidence_count=manifest.evidence_count(),
                    created_at=manifest.created_at))


@retention_app.command("purge")
def retention_purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list only, delete nothing")] = False,
    schedule: Annotated[Path | None, typer.Option(help="retention TOML")] = None,
    case: Annotated[str | None, typer.Option(
        "--case", help="only this case's records; refused while its evidence matters")] = None,
    database_url: DbUrl = None, evidence_dir: EvidenceDir = None, as_json: JSON = False,
) -> None:
    """Remove records past the retention schedule (one transaction; files after commit).

    Evidence of a case that is open, in mediation or litigation, or closed less than the
    evidence period ago is never removed; ``--dry-run`` lists what would go and why."""
    from doorstep.core.i18n import translate
    from doorstep.ops.retention import DEFAULT_SCHEDULE, RetentionSchedule
    from doorstep.store.retention import run_purge

    try:
        plan = RetentionSchedule.from_file(schedule or DEFAULT_SCHEDULE)
    except (OSError, ValueError) as exc:
        console.print(_("[red]Error[/red] invalid retention schedule: %(exc)s", exc=exc))
        raise typer.Exit(2) from None
    from doorstep.visits.records.config import file_store

    c = container(database_url)
    files = file_store(c.settings) if evidence_dir is None else None  # S3 when configured
    with user_errors():
        report = run_purge(c.engine, evidence_dir or c.settings.evidence_dir, plan,
                           c.clock.now(), actor="system:retention", dry_run=dry_run,
                           case_no=case, files=files)
    rows = [{"kind": kind.value, "label": translate(f"retention.kind.{kind.value}",
                                                    get_language()), "id": i,
             "why": translate(report.why[(kind, i)][0], get_language(), **report.why[(kind, i)][1])
             if (kind, i) in report.why else ""}
            for kind, ids in report.removed.items() for i in ids]
    cols = [Col(N_("Id"), "id", True), Col(N_("Record kind"), "label"), Col(N_("Why"), "why")]
    shown = rows if as_json else rows[:SHOWN]
    emit(console, cols, shown, as_json,
         title=_("Would be purged (dry run)") if dry_run else _("Purged"))
    if not as_json:
        if len(rows) > SHOWN:
            console.print(_("Only the first %(SHOWN)s of %(len)s items are listed; use --json for "
                            "the full list", SHOWN=SHOWN, len=len(rows)))
        lang = get_language()
        counts = pgettext("clause separator", ", ").join(
            f"{translate(f'retention.kind.{k.value}', lang)} {len(v)}"
            for k, v in report.removed.items())
        done = _(" (dry run, nothing deleted)") if dry_run else _(", deleted from the file store")
        console.print(_("%(counts)s; %(len)s evidence files%(done)s", counts=counts,
                        len=len(report.files), done=done))
