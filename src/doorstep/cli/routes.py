"""`doorstep routes ...`: daily visit routes and VRPTW benchmarks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from doorstep.core.access import Principal

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

    from doorstep.visits.dispatch.service import DayPlan
from doorstep.core.i18n import N_, _
from doorstep.visits.routing import solve_vrptw_instance

app = typer.Typer(help="Daily visit routes", no_args_is_help=True)


@app.callback()
def _routes() -> None:
    """Daily visit routes."""


@app.command("solve-vrptw")
def solve_vrptw(
    instance: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="VRPLIB VRPTW instance (.vrp)")
    ],
    seconds: Annotated[float, typer.Option(min=0.01, help="wall-clock limit in seconds")] = 5.0,
    seed: Annotated[int, typer.Option(help="solver seed")] = 0,
) -> None:
    """Solve a VRPTW instance through the routing layer and print the result as JSON."""
    typer.echo(json.dumps(solve_vrptw_instance(instance, seconds, seed)))


def _dispatcher() -> Principal:
    from doorstep.core.access import Role

    return Principal(user_id=0, username="cli", role=Role.DISPATCHER, branch_id=None)


def _branch_ids(uow: object, branch: str | None, all_branches: bool) -> list[int]:
    if all_branches:
        return [bid for bid, _ in uow.dispatch.branches()]  # type: ignore[attr-defined]
    if not branch:
        raise typer.BadParameter("give --branch CODE or --all-branches")
    return [uow.teams.branch_id_by_code(branch)]  # type: ignore[attr-defined]


@app.command("plan")
def plan(
    date: Annotated[str, typer.Option(help="day to plan, YYYY-MM-DD")],
    branch: Annotated[str | None, typer.Option(help="branch code, e.g. SZ-FT01")] = None,
    all_branches: Annotated[bool, typer.Option("--all-branches",
                                               help="plan every branch's day")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON per branch")] = False,
    seconds: Annotated[float, typer.Option(min=0.1, help="solver time limit")] = 5.0,
    seed: Annotated[int, typer.Option(help="solver seed")] = 0,
    database_url: Annotated[str | None, typer.Option(
        "--database-url", help="Defaults to DOORSTEP_DATABASE_URL")] = None,
) -> None:
    """Plan branch-days' routes, store them and print a summary per team (or JSON)."""
    from dataclasses import replace
    from datetime import date as Date

    from rich.console import Console

    from doorstep.cli.common import container
    from doorstep.core.errors import DoorstepError
    from doorstep.visits.dispatch.service import plan_day
    from doorstep.visits.dispatch.solve import summary
    from doorstep.visits.routing import RoutingParams
    from doorstep.visits.routing.osrm import provider_from

    try:
        day = Date.fromisoformat(date)
    except ValueError:
        raise typer.BadParameter(_("The date must be YYYY-MM-DD: %(date)s", date=date)) from None
    c = container(database_url)
    s = c.settings
    travel = provider_from(s.routing_travel, s.routing_osrm_url, s.routing_osrm_timeout)
    console = Console(stderr=as_json)
    params = replace(RoutingParams(), seconds=seconds)
    out = []
    try:
        with c.uow() as uow:
            ids = _branch_ids(uow, branch, all_branches)
        for branch_id in ids:
            with c.uow() as uow, console.status(_("Planning the routes of branch %(branch_id)s on "
                                                  "%(day)s…", branch_id=branch_id, day=day)):
                result = plan_day(uow, _dispatcher(), branch_id, day, params, seed, travel)
                uow.commit()
            out.append(summary(result.day, result.stored))
            if not as_json:
                _print_plan(console, result, day)
    except DoorstepError as exc:
        console.print(_("[red]Cannot plan: %(v)s[/red]", v=exc.detail or exc.params))
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(out if all_branches else out[0], ensure_ascii=False))


def _print_plan(console: Console, result: DayPlan, day: date) -> None:
    from doorstep.cli.tables import Col, emit
    from doorstep.visits.routing import clock

    names = {str(t.id): t.name for t in result.day.teams}
    cols = [Col(N_("Team id"), "team_id", True), Col(N_("Team"), "team"),
            Col(N_("Visit count"), "visits"), Col(N_("Departs"), "depart"),
            Col(N_("Returns"), "back"), Col(N_("Driving (min)"), "travel_minutes")]
    rows = [{"team_id": r.team_id, "team": names.get(r.team_id, r.team_id),
             "visits": len(r.visit_ids), "depart": clock(r.depart), "back": clock(r.back),
             "travel_minutes": round(r.travel_time / 60)} for r in result.plan.routes]
    emit(console, cols, rows, False,
         title=_("%(branch_name)s %(day)s route plan #%(id)s", branch_name=result.day.branch_name,
                 day=day, id=result.stored.id))
    for u in result.stored.unassigned:
        fixes = _("; ").join(str(f["message"]) for f in u.get("fixes",
                                                              []))  # type: ignore[attr-defined]
        hint = _(" (possible: %(fixes)s)", fixes=fixes) if fixes else ""
        console.print(_("Not scheduled %(case_no)s: %(message)s%(hint)s", case_no=u['case_no'],
                        message=u['message'], hint=hint))
    s = result.stored.stats
    console.print(_("%(visits)s visits, about %(capacity)s can be scheduled, %(assigned)s "
                    "scheduled, %(unassigned)s not scheduled; solved in %(seconds)s s; saved as "
                    "route plan #%(id)s", visits=s['visits'], capacity=s['capacity'],
                    assigned=s['assigned'], unassigned=s['unassigned'],
                    seconds=f'{result.seconds:.1f}', id=result.stored.id))
