"""`doorstep repayments import FILE`: apply imported repayments to agreements."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from doorstep.cli.common import console, container, err_console, user_errors
from doorstep.core.i18n import _
from doorstep.visits.records.agreements import ImportReport, import_repayments
from doorstep.visits.records.config import field_params
from doorstep.visits.records.repayment_file import read_repayments

app = typer.Typer(help="Repayment import", no_args_is_help=True)


@app.callback()
def _repayments() -> None:
    """Repayment import."""


def _fail(errors: list[str]) -> None:
    for line in errors[:50]:
        err_console.print(_("[red]Error[/red] %(line)s", line=line))
    err_console.print(_("%(len)s errors; nothing imported (all or nothing).", len=len(errors)))
    raise typer.Exit(1)


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="CSV or .xlsx: agreement_id|account_no, "
                                              "paid_on, amount")],
    database_url: Annotated[str | None, typer.Option(help="database URL")] = None,
) -> None:
    """Import repayments all-or-nothing, then mark agreements kept or broken."""
    started = time.perf_counter()
    items, errors = read_repayments(file)
    if errors:
        _fail(errors)
    c = container(database_url)
    with user_errors(), c.uow() as uow:
        report: ImportReport = import_repayments(uow, items, c.policy, field_params(c.settings))
        uow.commit()
    if report.errors:
        _fail(report.errors)
    took = time.perf_counter() - started
    console.print(_("Imported %(applied)s repayments (%(name)s, %(took)s s); %(len)s agreements "
                    "fulfilled, %(len2)s broken, %(reminders)s repayment reminders scheduled.",
                    applied=report.applied, name=file.name, took=f'{took:.1f}',
                    len=len(report.kept), len2=len(report.broken), reminders=report.reminders))
