"""`doorstep demo ...`: the realistic demo bank."""

from __future__ import annotations

import json
import time
from datetime import date, datetime

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from doorstep.cli.common import console, err_console
from doorstep.cli.tables import JSON
from doorstep.core.i18n import _, get_language
from doorstep.demo.context import DEFAULT_AS_OF, DEMO_PASSWORD
from doorstep.demo.loader import STAGES, DatabaseNotEmpty, load_demo
from doorstep.demo.users import DEMO_USERS

app = typer.Typer(help="Demo bank", no_args_is_help=True)


def _as_of(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD, e.g. 2026-11-30") from None


def _summary(counts: dict[str, int], timings: dict[str, float], seconds: float) -> Table:
    table = Table(_("Table"), _("Rows"), title=_("Loaded in %(seconds)s s",
                                                 seconds=f'{seconds:.1f}'))
    table.columns[1].justify = "right"
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}")
    table.add_section()
    for stage, label in STAGES.items():
        if stage in timings:
            table.add_row(f"⏱ {label}", f"{timings[stage]:.1f} s")
    return table


def _logins() -> Table:
    table = Table(_("User name"), _("Role"), _("Who"),
                  title=_("Demo logins (every password is %(DEMO_PASSWORD)s)",
                          DEMO_PASSWORD=DEMO_PASSWORD))
    table.columns[0].no_wrap = True  # a user name is never cut
    for u in DEMO_USERS:
        table.add_row(u.username, u.role.value, u.title)
    return table


@app.command("load")
def load(
    customers: int = typer.Option(5_000, min=1, max=2_000_000, help="Number of customers"),
    seed: int = typer.Option(7, help="Random seed: the same seed gives the same bank"),
    as_of: str = typer.Option(DEFAULT_AS_OF.isoformat(), help="The demo's today (YYYY-MM-DD)"),
    database_url: str | None = typer.Option(None, "--database-url",
                                            help="Defaults to DOORSTEP_DATABASE_URL"),
    if_empty: bool = typer.Option(False, "--if-empty",
                                  help="Skip quietly (exit 0) when the database holds data"),
    today: bool = typer.Option(True, "--today/--no-today",
                               help="Also promote a screening model and route the day"),
    as_json: JSON = False,
) -> None:
    """Generate a realistic Shenzhen bank and load it into an empty database."""
    from doorstep.core.settings import get_settings
    from doorstep.store.migrate import upgrade

    url = database_url or get_settings().database_url
    day = _as_of(as_of)
    upgrade(url)
    timings: dict[str, float] = {}
    began = time.perf_counter()
    out = err_console if as_json else console  # with --json, stdout holds only the JSON
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    try:
        with Progress(*columns, console=out) as bar:
            tasks: dict[str, TaskID] = {}

            def advance(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(STAGES[stage], total=total)
                bar.update(tasks[stage], completed=done, total=total)

            counts = load_demo(url, customers, seed, advance, as_of=day, timings=timings)
    except DatabaseNotEmpty as exc:
        if if_empty:
            out.print(_("The database already holds data; demo data not loaded"))
            return
        err_console.print(_("[red]Error[/red] %(translate)s",
                            translate=exc.message_in(get_language())))
        raise typer.Exit(1) from None
    if today:
        _prepare_today(url, day, seed, timings, out)
    seconds = time.perf_counter() - began
    if as_json:
        typer.echo(json.dumps({"rows": counts, "seconds": round(seconds, 1),
                               "stage_seconds": {k: round(v, 1) for k, v in timings.items()},
                               "logins": [{"username": u.username, "role": u.role.value,
                                           "who": u.title} for u in DEMO_USERS]},
                              ensure_ascii=False))
        return
    console.print(_summary(counts, timings, seconds))
    console.print(_logins())


def _prepare_today(url: str, day: date, seed: int, timings: dict[str, float],
                   out: Console) -> None:
    """A promoted screening model and the day routed in every branch (docs/routing.md)."""
    from doorstep.cli.common import container
    from doorstep.demo.today import prepare_today

    c = container(url)
    with out.status(_("Training and enabling the screening model, planning today's routes of "
                      "every branch")):
        report = prepare_today(c.uow, day, seed)
    timings.update({"today_model": report.seconds["model"],
                    "today_routes": report.seconds["routes"]})
    if report.model_error:
        err_console.print(_("[yellow]Could not train the screening model[/yellow] %(model_error)s",
                            model_error=report.model_error))
    routed = sum(int(b["routed"] or 0) for b in report.branches)
    visits = sum(int(b["visits"] or 0) for b in report.branches)
    out.print(_("Today's routes: %(len)s branches, %(visits)s visits, %(routed)s scheduled",
                len=len(report.branches), visits=visits, routed=routed))
