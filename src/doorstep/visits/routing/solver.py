"""Plan and re-plan a branch-day's routes with PyVRP.

:func:`plan_routes` runs four steps: schedule the started (pinned) work of each team
(:mod:`.pinning`), set aside the visits no team could make with a reason
(:mod:`.diagnose`), let PyVRP route the rest (:mod:`.adapter`, :mod:`.engine`), and read
the solution back (:mod:`.extract`). The plan is not trusted blindly: run
:func:`~.validator.validate_plan` on it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .adapter import build_input
from .diagnose import diagnose
from .engine import solve_pyvrp
from .extract import prefix_route, solver_routes, with_lunch
from .model import GeoPoint, RoutingProblem, VisitRequest
from .params import RoutingParams
from .pinning import TeamStart, team_starts
from .places import Places
from .plan import RoutePlan, TeamRoute, UnassignedVisit
from .reasons import Unassigned
from .travel import HaversineMatrix, TravelMatrix


def plan_routes(
    problem: RoutingProblem,
    params: RoutingParams | None = None,
    *,
    seed: int | None = None,
    matrix: TravelMatrix | None = None,
) -> RoutePlan:
    """Assign the day's visits to teams and order each team's route.

    Parameters
    ----------
    problem
        Visits, team shifts and started (pinned) work.
    params
        Planner parameters (travel estimate, time limit, visit hours); defaults if None.
    seed
        Solver seed; ``params.seed`` when None.
    matrix
        Travel times; a :class:`~.travel.HaversineMatrix` from ``params`` when None.

    Returns
    -------
    RoutePlan
        A route per working team and every other visit with the reason it was left out.
        Never raises for an over-full or impossible day.
    """
    began = time.perf_counter()
    params = params or RoutingParams()
    matrix = matrix or HaversineMatrix.from_params(params)
    starts = team_starts(problem, matrix)
    free = [v for v in problem.visits if v.pinned is None]
    places = Places.of(_points(free, starts), matrix)
    reasons = {v.id: r for v in free if (r := diagnose(v, starts, params, places.leg))}
    candidates = [v for v in free if v.id not in reasons]
    budget = max(0.1, params.seconds - (time.perf_counter() - began))
    run = _Run(budget, params.seed if seed is None else seed, params.max_iterations)
    routes, feasible = _solve(candidates, starts, params, places, run)
    routed = {v for r in routes for v in r.visit_ids}
    for visit in candidates:
        if visit.id not in routed:
            reasons[visit.id] = _left_out(visit, feasible)
    unassigned = tuple(UnassignedVisit(v.id, reasons[v.id]) for v in free if v.id in reasons)
    return RoutePlan(problem, tuple(routes), unassigned, solver_feasible=feasible)


def _points(visits: Iterable[VisitRequest], starts: Iterable[TeamStart]) -> list[GeoPoint]:
    points = [v.point for v in visits]
    for start in starts:
        points += [start.point, start.team.end, *(s.point for s in start.prefix)]
    return points


@dataclass(frozen=True)
class _Run:
    seconds: float
    seed: int
    max_iterations: int | None


def _solve(
    candidates: Sequence[VisitRequest], starts: Sequence[TeamStart], params: RoutingParams,
    places: Places, run: _Run,
) -> tuple[list[TeamRoute], bool]:
    """Routes of every working team, and whether the solver's answer was feasible."""
    found: dict[str, TeamRoute] = {}
    feasible = True
    if candidates and any(s.ready < s.team.shift_end for s in starts):
        inp = build_input(candidates, starts, params, places)
        result = solve_pyvrp(inp.data, run.seconds, run.seed, run.max_iterations)
        feasible = result.is_feasible()
        found = solver_routes(result.best, inp) if feasible else {}
    routes: list[TeamRoute] = []
    for start in starts:
        route = found.get(start.team.team_id) or prefix_route(start, places)
        if route is not None and route.visit_ids:
            routes.append(with_lunch(route, start))
    return routes, feasible


def _left_out(visit: VisitRequest, feasible: bool) -> Unassigned:
    if not feasible:
        return Unassigned.SOLVER_FAILED
    return Unassigned.NOT_WORTH_IT if visit.optional else Unassigned.CAPACITY
