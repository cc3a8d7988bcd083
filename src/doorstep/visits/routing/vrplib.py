"""Solve a VRPLIB VRPTW instance (e.g. Solomon) through the planner's solver call.

Used by ``doorstep routes solve-vrptw`` and ``benchmarks/bench_solomon.py`` to show that
our routing layer loses no quality against PyVRP used directly: both go through
:func:`~.engine.solve_pyvrp`, the call that plans a branch's day.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyvrp import ProblemData, Solution, read

from .engine import solve_pyvrp

#: DIMACS convention: distances are multiplied by 10 and truncated (see SOURCE.txt).
DIMACS_SCALE = 10


def solve_vrptw_instance(
    path: str | Path, seconds: float, seed: int = 0, max_iterations: int | None = None
) -> dict[str, Any]:
    """Read a VRPTW instance in VRPLIB format, solve it, and summarise the best solution.

    Parameters
    ----------
    path
        A ``.vrp`` file; distances follow the DIMACS convention (x10, truncated).
    seconds
        Wall-clock limit in seconds.
    seed
        Seed of the solver's random number stream.
    max_iterations
        Optional iteration cap (for reproducible comparisons); ``seconds`` still applies.

    Returns
    -------
    dict
        ``instance`` (file stem), ``distance`` (total distance divided by 10, as in
        ``bks.csv``), ``vehicles`` (routes used), ``feasible``, ``routes`` (customer numbers
        as in the instance file), plus ``seconds`` and ``seed``.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    ValueError
        When the file is not a VRPLIB instance PyVRP can read.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no instance file at {path}")
    data = read(path, round_func="dimacs")
    best = solve_pyvrp(data, seconds, seed, max_iterations).best
    return {
        "instance": path.stem,
        "distance": best.distance() / DIMACS_SCALE,
        "vehicles": best.num_routes(),
        "feasible": best.is_feasible(),
        "routes": _routes(best, data),
        "seconds": seconds,
        "seed": seed,
    }


def _routes(solution: Solution, data: ProblemData) -> list[list[int]]:
    return [
        [data.client(a.idx).location for a in route if a.is_client()]
        for route in solution.routes()
    ]
