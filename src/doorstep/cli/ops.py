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

retention_app = typer.Typer(help="数据保留期限 / retention schedule", no_args_is_help=True)
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
    with user_errors(), console.status("正在备份…"):
        result = create_backup(c.engine, evidence_dir or c.settings.evidence_dir, out,
                               c.clock.now())
    log.info("backup_written", tables=result.tables, rows=result.rows,
             evidence_files=result.evidence_files)
    console.print(f"备份完成：{result.tables} 张表、{result.rows} 行、"
                  f"{result.evidence_files} 个证据文件 → {out}"
                  f"（用时 {time.perf_counter() - started:.1f} 秒）")


@db_app.command("restore")
def restore(archive: Annotated[Path, typer.Argument(
                help="archive written by `doorstep db backup`")],
            force: Annotated[bool, typer.Option("--force",
                                                help="overwrite a non-empty database")] = False,
            database_url: DbUrl = None, evidence_dir: EvidenceDir = None) -> None:
    """Restore the database and the evidence files from an archive after checking it."""
    from doorstep.store.backup import restore_backup

    if not archive.is_file():
        console.print(f"[red]错误[/red] 找不到备份文件 {archive}")
        raise typer.Exit(2)
    c = container(database_url)
    with user_errors(), console.status("正在校验并恢复…"):
        manifest = restore_backup(c.engine, evidence_dir or c.settings.evidence_dir, archive,
                                  force=force)
    rows = sum(t.rows for t in manifest.tables.values())
    log.info("backup_restored", tables=len(manifest.tables), rows=rows,
             evidence_files=manifest.evidence_count())
    console.print(f"恢复完成并已核对：{len(manifest.tables)} 张表、{rows} 行、"
                  f"{manifest.evidence_count()} 个证据文件（备份于 {manifest.created_at}）")


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
        console.print(f"[red]错误[/red] 保留期限配置无效：{exc}")
        raise typer.Exit(2) from None
    from doorstep.visits.records.config import file_store

    c = container(database_url)
    files = file_store(c.settings) if evidence_dir is None else None  # S3 when configured
    with user_errors():
        report = run_purge(c.engine, evidence_dir or c.settings.evidence_dir, plan,
                           c.clock.now(), actor="system:retention", dry_run=dry_run,
                           case_no=case, files=files)
    rows = [{"kind": kind.value, "label": translate(f"retention.kind.{kind.value}"), "id": i,
             "why": translate(report.why[(kind, i)][0], **report.why[(kind, i)][1])
             if (kind, i) in report.why else ""}
            for kind, ids in report.removed.items() for i in ids]
    cols = [Col("编号 / id", "id", True), Col("类别 / kind", "label"), Col("原因 / why", "why")]
    shown = rows if as_json else rows[:SHOWN]
    emit(console, cols, shown, as_json, title="将清除（演练）" if dry_run else "已清除")
    if not as_json:
        if len(rows) > SHOWN:
            console.print(f"仅列出前 {SHOWN} 项，共 {len(rows)} 项；完整清单请用 --json")
        counts = "，".join(f"{translate(f'retention.kind.{k.value}')} {len(v)}"
                           for k, v in report.removed.items())
        done = "（演练，未删除）" if dry_run else "，已从文件存储删除"
        console.print(f"{counts}；证据文件 {len(report.files)} 个{done}")
