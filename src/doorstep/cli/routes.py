"""`doorstep routes ...`: daily visit routes and VRPTW benchmarks."""

import json
from pathlib import Path
from typing import Annotated

import typer

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
