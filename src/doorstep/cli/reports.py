"""`doorstep reports write` (the scheduled report job), `doorstep evaluation show-kpis` and
`doorstep evaluation refresh` (the KPI snapshot job)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from doorstep.cli.common import acting_as, console, container, user_errors
from doorstep.cli.tables import JSON, Col, emit
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.i18n import N_, _, label_of
from doorstep.documents.pdf import find_chinese_font
from doorstep.evaluation import refresh as snapshot_jobs
from doorstep.evaluation import service
from doorstep.evaluation.kpis import KPI_LABELS, format_kpi, kpi_values
from doorstep.evaluation.model import Dimension, Period
from doorstep.evaluation.reports.monthly import run_monthly

app = typer.Typer(help="Reports", no_args_is_help=True)
evaluation_app = typer.Typer(help="Evaluation", no_args_is_help=True)
DB = typer.Option(None, "--database-url", help="Defaults to DOORSTEP_DATABASE_URL")
USER = typer.Option(None, "--user", help="Run as this user (default: the report service "
                                          "account, programme manager, all branches)")


@app.callback()
def _reports() -> None:
    """Reports."""


@evaluation_app.callback()
def _evaluation() -> None:
    """Evaluation."""


def _person(c: Container, username: str | None) -> Principal:
    """The named user, or the head-office batch programme-manager account ``reports``."""
    return acting_as(c, username, Role.PROGRAMME_MANAGER, "reports")


@app.command("write")
def monthly(
    month: Annotated[str, typer.Option(help="YYYY-MM, e.g. 2026-10")],
    out: Annotated[Path, typer.Option(help="Directory for the .xlsx and .pdf files")],
    plan: Annotated[int | None, typer.Option(help="Plan id (default: whole bank)")] = None,
    force: Annotated[bool, typer.Option(help="Regenerate even if unchanged")] = False,
    user: str | None = USER,
    database_url: str | None = DB,
) -> None:
    """Write the month's evaluation report (Excel + PDF); a rerun skips unchanged files."""
    started = time.perf_counter()
    c = container(database_url)
    with user_errors():
        who = _person(c, user)
        font = find_chinese_font(c.settings.pdf_font)
        with console.status(_("Building the monthly report of %(month)s…",
                              month=month)), c.uow() as uow:
            run = run_monthly(uow, who, month, plan, out, font, force=force)
            uow.commit()
    took = time.perf_counter() - started
    verb = _("Built") if run.status == "done" else _("File unchanged, skipped")
    console.print(_("%(verb)s (run #%(run_id)s, %(cases)s cases, %(took)s s):", verb=verb,
                    run_id=run.run_id, cases=f'{run.cases:,}', took=f'{took:.1f}'))
    for path in run.files:
        console.print(f"  {path}")


@evaluation_app.command("show-kpis")
def kpis(
    plan: Annotated[int | None, typer.Option(help="Plan id")] = None,
    month: Annotated[str | None, typer.Option(help="YYYY-MM")] = None,
    by: Annotated[Dimension | None, typer.Option(help="Break down by this dimension")] = None,
    user: str | None = USER,
    database_url: str | None = DB,
    as_json: JSON = False,
) -> None:
    """Print KPIs of a plan (default period: the plan's) or, with --by, a breakdown."""
    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        who = _person(c, user)
        if plan is None and (by is None or month is None):
            raise typer.BadParameter(_("Give --plan, or both --by and --month"))
        period = (Period.month(month) if month else
                  service.plan_period(service.visible_plan(uow, who, plan or 0)))
        if by is None:
            values = service.plan_kpis(uow, who, plan or 0, period).values
            cols = [Col(N_("Metric"), "metric", True), Col(N_("Name"), "label"),
                    Col(N_("Value"), "value")]
            rows: list[dict[str, Any]] = [
                {"metric": m, "label": label_of(KPI_LABELS[m]), "value": format_kpi(m, value)}
                for m, value in values.items()]
            title = _("Plan %(plan)s · %(label)s", plan=plan, label=period.label)
        else:
            shown = ("visits_done", "contact_rate", "csat", "resolution_rate",
                     "escalation_rate", "amount_recovered")
            cols = [Col(N_("Name"), "name", True), Col(N_("Cases"), "cases"),
                    *(Col(KPI_LABELS[m], m) for m in shown)]
            rows = []
            for g in service.kpis_by(uow, who, by, period, plan):
                v = kpi_values(g.counts)
                rows.append({"name": g.name, "cases": g.counts.cases,
                             **{m: format_kpi(m, v[m]) for m in shown}})
            title = f"{by.value} · {period.label}"
    emit(console, cols, rows, as_json, title=title)


@evaluation_app.command("refresh")
def refresh(
    plan: Annotated[int | None, typer.Option(help="Only this plan (default: every active "
                                                    "plan)")] = None,
    user: str | None = USER,
    database_url: str | None = DB,
) -> None:
    """Recompute the dashboards' KPI snapshots (whole bank and each branch, each plan's own
    period), one transaction per plan; safe to rerun. Schedule it every 30–60 minutes."""
    c = container(database_url)
    with user_errors():
        who = _person(c, user)
        with c.uow(write=False) as uow:
            ids = [plan] if plan is not None else snapshot_jobs.active_plan_ids(uow, who)
        started, written = time.perf_counter(), 0
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                      TimeElapsedColumn(), console=console) as bar:
            task = bar.add_task(_("Refreshing the metric snapshots…"), total=len(ids))
            for plan_id in ids:
                with c.uow() as uow:
                    written += snapshot_jobs.refresh_plan(uow, who, plan_id)
                    uow.commit()
                bar.advance(task)
    took = time.perf_counter() - started
    console.print(_("Refreshed the metric snapshots of %(len)s plans, %(written)s in all "
                    "(%(took)s s)", len=len(ids), written=written, took=f'{took:.1f}'))
