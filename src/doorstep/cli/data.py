"""`doorstep data import|export|stats`: a bank's own data in and out (docs/data-import.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from doorstep.cli.common import acting_as, console, container, err_console, user_errors
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.i18n import N_, _, get_language, translate
from doorstep.intake.export import export_kind
from doorstep.intake.mapping import identity_mapping, load_mapping
from doorstep.intake.model import Kind
from doorstep.intake.rejects import write_rejects
from doorstep.intake.service import ImportOptions, ImportReport, import_file

app = typer.Typer(help="A bank's own data in and out", no_args_is_help=True)


@app.callback()
def _data() -> None:
    """Data import and export."""


def _print_report(report: ImportReport, as_json: bool, lang: str = "zh-CN") -> None:
    if as_json:
        typer.echo(json.dumps(report.summary(), ensure_ascii=False))
    for e in report.errors[:50]:
        err_console.print(_("Row %(row)s [%(column)s] %(translate)s", row=e.row, column=e.column,
                            translate=translate(e.code, lang, **e.params)), markup=False)
    if report.status == "already_imported":
        err_console.print(translate("intake.already_imported", lang, **report.previous))
    elif report.status == "rejected":
        err_console.print(translate("intake.rejected", lang, rejected=report.rejected))
    if not as_json:
        s = report.summary()
        console.print(_("%(file)s: %(rows)s rows; %(inserted)s added, %(updated)s updated, "
                        "%(unchanged)s unchanged, %(rejected)s rows rejected; %(status)s "
                        "(%(seconds)s s)", file=report.file, rows=s['rows'],
                        inserted=s['inserted'], updated=s['updated'], unchanged=s['unchanged'],
                        rejected=s['rejected'], status=report.status,
                        seconds=f'{report.seconds:.1f}'), markup=False)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV, XLSX, Parquet")],
    mapping: Annotated[Path | None, typer.Option(exists=True, dir_okay=False,
                                                 help="mapping TOML")] = None,
    kind: Annotated[Kind | None, typer.Option(help="a file `data export` wrote, no mapping")
                    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="check and count, write nothing")
                       ] = False,
    keep_good_rows: Annotated[bool, typer.Option("--keep-good-rows",
                                                 help="import the rows without problems")
                              ] = False,
    rejects: Annotated[Path | None, typer.Option(help="write rejected rows to this .xlsx")
                       ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON line on stdout")] = False,
    queue: Annotated[bool, typer.Option(
        "--queue", help="run as a background job (a worker runs it) and follow its progress")
                     ] = False,
    user: Annotated[str | None, typer.Option(help="acting user (an administrator)")] = None,
    database_url: Annotated[str | None, typer.Option(help="database URL")] = None,
) -> None:
    """Import FILE through a mapping: all or nothing, the same file twice changes nothing."""
    c = container(database_url)
    with user_errors():
        if mapping is None and kind is None:
            raise typer.BadParameter("--mapping or --kind")
        m = load_mapping(mapping) if mapping else identity_mapping(kind)  # type: ignore[arg-type]
        principal = acting_as(c, user, Role.ADMIN, "data-import")
    if queue and not dry_run:
        text = mapping.read_text(encoding="utf-8") if mapping else f"identity:{kind}"
        report = _queued_import(c, principal, file, text, keep_good_rows, rejects)
        _print_report(report, as_json)
        if report.status == "rejected":
            raise typer.Exit(1)
        return
    with user_errors():
        with _progress() as bar, c.uow() as uow:
            task = bar.add_task(_("Import"), total=None)
            report = import_file(uow, principal, file, m, ImportOptions(dry_run, keep_good_rows),
                                 progress=lambda phase, n: bar.update(
                                     task, completed=n, description=_(_PHASE[phase])))
            if report.status == "imported":  # a dry run or a rejected file is rolled back
                uow.commit()
        if rejects and report.errors:
            write_rejects(file, m, report.errors, rejects)
            err_console.print(_("Rejected rows written to %(rejects)s", rejects=rejects))
    _print_report(report, as_json, get_language())
    if report.status == "rejected":
        raise typer.Exit(1)


_PHASE = {"check": N_("Checking"), "write": N_("Writing")}


def _queued_import(c: Container, principal: Principal, file: Path, mapping_text: str,
                   keep_good_rows: bool, rejects: Path | None) -> ImportReport:
    """Store FILE, start the import job, follow it with a progress bar; the job's report."""
    from doorstep.cli.jobs import follow
    from doorstep.jobs.imports import files_of, report_from, submit_import
    from doorstep.jobs.service import error_text

    with user_errors(), file.open("rb") as source:
        job_id = submit_import(c, principal, source, file.name, mapping_text, keep_good_rows)
    err_console.print(_("Background job %(id)s: doorstep jobs show %(id)s", id=job_id),
                      markup=False)
    follow(c, job_id, out=err_console)  # stdout keeps the --json line alone
    with c.uow(write=False) as uow:
        job = uow.jobs.get(job_id)
    if job is None or job.state != "done" or "report" not in job.result:
        err_console.print(error_text(job, get_language()) if job else str(job_id),
                          markup=False)
        raise typer.Exit(1)
    if rejects and job.result.get("rejects_key"):
        files_of(c).get_to(str(job.result["rejects_key"]), rejects)
        err_console.print(_("Rejected rows written to %(path)s", path=rejects), markup=False)
    return report_from(job.result["report"])


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(),
                    TextColumn(_("{task.completed} rows")), TimeElapsedColumn(),
                    console=err_console,
                    transient=True)


@app.command("export")
def export_command(
    kind: Annotated[Kind, typer.Argument(help="which kind of record")],
    out: Annotated[Path, typer.Option(help="file to write: .csv, .xlsx or .parquet")],
    user: Annotated[str | None, typer.Option(help="acting user (an administrator)")] = None,
    database_url: Annotated[str | None, typer.Option(help="database URL")] = None,
) -> None:
    """Export one kind in the import's own columns (re-importable with --kind)."""
    c = container(database_url)
    with user_errors():
        principal = acting_as(c, user, Role.ADMIN, "data-export")
        with c.uow(write=False) as uow:
            n = export_kind(uow, principal, kind, out)
            uow.commit()
    console.print(_("Exported %(n)s %(value)s to %(out)s", n=n, value=kind.value, out=out),
                  markup=False)


@app.command("count")
def stats_command(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    database_url: Annotated[str | None, typer.Option(help="database URL")] = None,
) -> None:
    """Row count of each kind."""
    c = container(database_url)
    with c.uow(write=False) as uow:
        counts = uow.intake.stats()
    if as_json:
        typer.echo(json.dumps(counts))
        return
    for k, v in counts.items():
        console.print(f"{k}: {v}")
