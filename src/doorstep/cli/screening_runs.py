"""`doorstep screening create-strategy | run | show | add | remove | approve`: screening runs
over the database — strategies, the run, hand edits and the approval (once `doorstep screen`)."""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from doorstep.cli.common import acting_as, console, container, err_console, user_errors
from doorstep.cli.screening import app as app  # its commands join `doorstep screening`
from doorstep.cli.tables import JSON, Col, emit
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, _, get_language

STEPS = ("features", "rules and risk", "ranking", "reasons")
STEP_LABELS = {"features": N_("Computing features"), "rules and risk": N_("Rules and risk scores"),
               "ranking": N_("Ranking, holdout and budget"), "reasons": N_("Reason codes")}
DB = typer.Option(None, "--database-url", help="Defaults to DOORSTEP_DATABASE_URL")


def person(c: Container, username: str | None) -> Principal:
    """The named user as a principal; without a name, the batch analyst account."""
    return acting_as(c, username, Role.ANALYST)


def _as_of(value: str | None, c: Container) -> date:
    if value is None:
        return c.clock.now().date()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD") from None


@app.command("create-strategy")
def create_strategy_cmd(
    name: str | None = typer.Option(
        None, help="Strategy name (a new version if it exists); default: the default strategy"),
    rules: Path | None = typer.Option(None, help="TOML with [[rule_sets]]; default: shipped"),
    model_id: int | None = typer.Option(None, help="Model version; default: current at run"),
    database_url: str | None = DB,
) -> None:
    """Store a strategy: rule sets per business line + model version + ranking."""
    from doorstep.screening.strategies import create_strategy, default_rule_sets, load_rule_sets

    c = container(database_url)
    with user_errors():
        sets = load_rule_sets(rules.read_text("utf-8")) if rules else default_rule_sets()
        with c.uow() as uow:
            s = create_strategy(uow, person(c, None), name or _("Default strategy"), sets,
                                model_id)
            uow.commit()
    console.print(_("Strategy stored: id %(id)s, %(name)s v%(version)s, %(len)s rule sets",
                    id=s.id, name=s.name, version=s.version, len=len(s.rule_sets)))


def _summary_table(run_id: int, summary: dict[str, object], seconds: float) -> Table:
    table = Table(_("Item"), _("Count"), title=_("Screening run %(run_id)s (%(seconds)s s)",
                                                 run_id=run_id, seconds=f'{seconds:.1f}'))
    labels = {"customers": _("Customers"), "candidates": _("Matching the rules"),
              "selected": _("Selected (champion)"), "challenger": _("Selected (challenger)"),
              "holdout": _("Holdout"), "excluded": _("Over budget")}
    for key, label in labels.items():
        table.add_row(label, f"{summary.get(key, 0):,}")
    return table


@app.command("run")
def run(
    plan: int = typer.Option(..., "--plan", help="Plan id"),
    engine: str = typer.Option("duckdb", help="duckdb | spark (on DOORSTEP_SPARK_MASTER)"),
    seed: int = typer.Option(7, help="Seed of the holdout and challenger draws"),
    as_of: str | None = typer.Option(None, help="Data as of this day (YYYY-MM-DD)"),
    strategy: int | None = typer.Option(None, help="Champion strategy id; default newest"),
    challenger: int | None = typer.Option(None, help="Challenger strategy id"),
    challenger_share: float = typer.Option(0.0, help="Share of candidates for the challenger"),
    user: str | None = typer.Option(None, help="Run as this user"),
    queue: bool = typer.Option(False, "--queue", help="Run as a background job (a worker "
                               "runs it) and follow its progress"),
    as_json: bool = typer.Option(False, "--json", help="Print {run_id, selected, "
                                 "ranked_digest} as JSON, no progress bar"),
    database_url: str | None = DB,
) -> None:
    """Screen a plan's customers into a ranked, budgeted list awaiting approval."""
    from doorstep.screening.config import engine_for, snapshot_storage
    from doorstep.screening.runs import RunScreening, run_screening

    c = container(database_url)
    began = time.perf_counter()
    if queue:
        with user_errors():
            who, day = person(c, user), _as_of(as_of, c).isoformat()
        run_id = _queued_run(c, who, {
            "plan_id": plan, "as_of": day, "seed": seed, "engine": engine,
            "strategy_id": strategy, "challenger_strategy_id": challenger,
            "challenger_share": challenger_share})
        with c.uow(write=False) as uow:
            summary = uow.screening.run(run_id).summary
        _print_run(run_id, summary, as_json, time.perf_counter() - began)
        return
    with user_errors():
        cmd = RunScreening(plan, _as_of(as_of, c), seed, strategy, challenger, challenger_share)
        feature_engine = engine_for(c.settings, engine)
        storage = snapshot_storage(c.settings)
        bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn(
            "{task.completed}/{task.total}"), TimeElapsedColumn(), console=console,
            disable=as_json)
        with bar, c.uow() as uow:
            task = bar.add_task(_("Preparing"), total=len(STEPS))

            def step(name: str) -> None:
                bar.update(task, completed=STEPS.index(name), description=_(STEP_LABELS[name]))

            run_id = run_screening(uow, person(c, user), cmd, feature_engine, step, storage)
            uow.commit()
            bar.update(task, completed=len(STEPS), description=_("Finished"))
        with c.uow(write=False) as uow:
            summary = uow.screening.run(run_id).summary
    _print_run(run_id, summary, as_json, time.perf_counter() - began)


def _print_run(run_id: int, summary: dict[str, Any], as_json: bool, seconds: float) -> None:
    if as_json:
        typer.echo(json.dumps({"run_id": run_id, "selected": summary.get("selected", 0),
                               "ranked_digest": summary.get("ranked_digest")}))
        return
    console.print(_summary_table(run_id, summary, seconds))
    console.print(_("Awaiting approval: doorstep screening approve %(run_id)s --as USER",
                    run_id=run_id))


def _queued_run(c: Container, who: Principal, params: dict[str, object]) -> int:
    """Submit a screening job, follow it with a progress bar, and return its run id."""
    from doorstep.cli.jobs import follow
    from doorstep.jobs.service import start

    with user_errors():
        job_id = start(c, who, "screening.run", params)
    console.print(_("Job %(job_id)s: doorstep jobs show %(job_id)s", job_id=job_id))
    follow(c, job_id)
    with c.uow(write=False) as uow:
        job = uow.jobs.get(job_id)
    if job is None or job.state != "done" or job.result_id is None:
        from doorstep.jobs.service import error_text

        shown = error_text(job, get_language()) if job else job_id
        err_console.print(_("[red]Error[/red] %(v)s", v=shown))
        raise typer.Exit(1)
    return int(job.result_id)


@app.command("show")
def show(run_id: int, group: str | None = typer.Option(None), limit: int = 20,
         database_url: str | None = DB, as_json: JSON = False) -> None:
    """Print a run's ranked list with reason codes."""
    from doorstep.screening.approval import view_run

    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        view = view_run(uow, person(c, None), run_id, group)
    cols = [Col(N_("Customer"), "customer_id", True), Col(N_("Group"), "group"),
            Col(N_("Arm"), "arm"), Col(N_("Rank"), "rank"),
            Col(N_("Business line"), "business_line"), Col(N_("Risk"), "risk"),
            Col(N_("Expected gain"), "expected_benefit"), Col(N_("Reason"), "reasons")]
    rows = [{"customer_id": r.customer_id, "group": r.outcome_group, "arm": r.arm,
             "rank": r.rank or "", "business_line": r.business_line, "risk": round(r.risk, 3),
             "expected_benefit": round(r.expected_benefit),
             "reasons": _("; ").join(str(x.get("text", "")) for x in r.reason_codes)
             or _("; ").join(r.matched_rules)} for r in view.rows[:limit]]
    emit(console, cols, rows, as_json, title=_("Run %(run_id)s (%(status)s)", run_id=run_id,
                                               status=view.run.status))


def _edit(action: str, run_id: int, customer: int, reason: str, user: str | None,
          database_url: str | None) -> None:
    from doorstep.screening.approval import EditSelection, add_customer, remove_customer

    c = container(database_url)
    fn = add_customer if action == "add" else remove_customer
    with user_errors(), c.uow() as uow:
        fn(uow, person(c, user), EditSelection(run_id, customer, reason))
        uow.commit()
    console.print(_("%(v)s: customer %(customer)s",
                    v=_('Added') if action == 'add' else _('Removed'), customer=customer))


@app.command("add")
def add(run_id: int, customer: int = typer.Option(...), reason: str = typer.Option(...),
        user: str | None = None, database_url: str | None = DB) -> None:
    """Add a customer to a draft list by hand, with a reason."""
    _edit("add", run_id, customer, reason, user, database_url)


@app.command("remove")
def remove(run_id: int, customer: int = typer.Option(...), reason: str = typer.Option(...),
           user: str | None = None, database_url: str | None = DB) -> None:
    """Remove a customer from a draft list by hand, with a reason."""
    _edit("remove", run_id, customer, reason, user, database_url)


@app.command("approve")
def approve(run_id: int,
            as_user: str = typer.Option(..., "--as", help="The deciding user (not the analyst "
                                                          "who ran the list)"),
            reason: str | None = typer.Option(
                None, help="Why; audited (default: the list was reviewed and approved)"),
            database_url: str | None = DB) -> None:
    """Approve a run (maker-checker): its selected entries become cases in `approved`."""
    from doorstep.screening.approval import approve_run

    c = container(database_url)
    with user_errors():
        who = person(c, as_user)
        if who.user_id == 0:
            raise ValidationFailed(N_("A named person approves"))
        with c.uow() as uow:
            case_ids = approve_run(uow, who, run_id, None, c.authority,
                                   reason or _("List reviewed and approved"))
            uow.commit()
    console.print(_("Approved: %(len)s cases now \"approved\"", len=len(case_ids)))
