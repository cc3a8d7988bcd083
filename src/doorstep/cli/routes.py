"""`doorstep routes ...`: daily visit routes and VRPTW benchmarks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from doorstep.cli.tables import JSON
from doorstep.core.access import Principal
from doorstep.visits.routing import solve_vrptw_instance

app = typer.Typer(help="日常路线规划 / daily visit routes", no_args_is_help=True)


@app.callback()
def _routes() -> None:
    """日常路线规划 / daily visit routes."""


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


@app.command("plan")
def plan(
    branch: Annotated[str, typer.Option(help="branch code, e.g. FT01")],
    date: Annotated[str, typer.Option(help="day to plan, YYYY-MM-DD")],
    seconds: Annotated[float, typer.Option(min=0.1, help="solver time limit")] = 5.0,
    seed: Annotated[int, typer.Option(help="solver seed")] = 0,
    as_json: JSON = False,
) -> None:
    """Plan a branch-day's routes, store them and print a summary per team."""
    from dataclasses import replace
    from datetime import date as Date

    from rich.console import Console

    from doorstep.cli.tables import Col, emit
    from doorstep.container import Container
    from doorstep.core.errors import DoorstepError
    from doorstep.visits.dispatch.service import plan_day
    from doorstep.visits.routing import RoutingParams, clock

    try:
        day = Date.fromisoformat(date)
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD：{date}") from None
    c = Container.build()
    console = Console()
    try:
        with c.uow() as uow:
            branch_id = uow.teams.branch_id_by_code(branch)
            with console.status(f"正在规划 {branch} {day} 的路线…"):
                result = plan_day(uow, _dispatcher(), branch_id, day,
                                  replace(RoutingParams(), seconds=seconds), seed)
    except DoorstepError as exc:
        console.print(f"[red]无法规划：{exc.detail or exc.params}[/red]")
        raise typer.Exit(1) from None
    names = {str(t.id): t.name for t in result.day.teams}
    cols = [Col("团队编号", "team_id", True), Col("团队", "team"), Col("拜访数", "visits"),
            Col("出发", "depart"), Col("返回", "back"), Col("行驶(分钟)", "travel_minutes")]
    rows = [{"team_id": r.team_id, "team": names.get(r.team_id, r.team_id),
             "visits": len(r.visit_ids), "depart": clock(r.depart), "back": clock(r.back),
             "travel_minutes": round(r.travel_time / 60)} for r in result.plan.routes]
    if as_json:
        emit(console, cols, rows, True)
        return
    emit(console, cols, rows, False,
         title=f"{result.day.branch_name} {day} 路线方案 #{result.stored.id}")
    for u in result.stored.unassigned:
        console.print(f"未安排 {u['case_no']}：{u['message']}")
    s = result.stored.stats
    console.print(f"共 {s['visits']} 个拜访，已安排 {s['assigned']}，未安排 {s['unassigned']}；"
                  f"求解 {result.seconds:.1f} 秒；结果已存入路线方案 #{result.stored.id}")
