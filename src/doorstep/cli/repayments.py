"""`doorstep repayments import FILE`: apply imported repayments to agreements."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from doorstep.cli.common import console, container, err_console, user_errors
from doorstep.visits.records.agreements import ImportReport, import_repayments
from doorstep.visits.records.config import field_params
from doorstep.visits.records.repayment_file import read_repayments

app = typer.Typer(help="还款导入 / repayments", no_args_is_help=True)


@app.callback()
def _repayments() -> None:
    """还款导入 / repayments."""


def _fail(errors: list[str]) -> None:
    for line in errors[:50]:
        err_console.print(f"[red]错误[/red] {line}")
    err_console.print(f"共 {len(errors)} 处错误，未导入任何记录（全部或全不）。")
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
    console.print(f"已导入 {report.applied} 笔还款（{file.name}，{took:.1f} 秒）；"
                  f"履约完成 {len(report.kept)} 份协议，违约 {len(report.broken)} 份，"
                  f"新排还款提醒 {report.reminders} 条。")
