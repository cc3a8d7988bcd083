"""The capacity bound is a true bound: it counts only visits some team on duty can legally
serve in its hours, and no plan routes more than it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from doorstep.visits.dispatch.bound import servable_bound
from doorstep.visits.dispatch.capacity import capacity, estimate
from doorstep.visits.dispatch.solve import solve_day
from doorstep.visits.routing import (
    GeoPoint,
    HaversineMatrix,
    RoutingParams,
    RoutingProblem,
    TeamShift,
    VisitRequest,
    hhmm,
    plan_routes,
    validate_plan,
)

PARAMS = replace(RoutingParams(), seconds=1.0)
BASE = GeoPoint(22.54, 114.05)
MATRIX = HaversineMatrix.from_params(PARAMS)


def _visit(i: int, start: str, end: str, skills: frozenset[str] = frozenset(),
           minutes: int = 45, lat: float = 22.54, lon: float = 114.05) -> VisitRequest:
    return VisitRequest(f"v{i}", lat, lon, hhmm(start), hhmm(end), minutes * 60, skills, 100,
                        False)


def _team(n: str, start: str, end: str, skills: frozenset[str] = frozenset(),
          cap: int = 8) -> TeamShift:
    return TeamShift(n, BASE, BASE, hhmm(start), hhmm(end), skills, cap,
                     lunch_start=hhmm("11:30"), lunch_end=hhmm("14:30"))


def test_visits_no_team_on_duty_may_serve_are_not_counted() -> None:
    """A skill no team has, a window outside every shift: the estimate counts them, the
    bound does not."""
    legal = frozenset({"legal"})
    visits = (_visit(1, "10:00", "16:00"), _visit(2, "10:00", "16:00", legal),
              _visit(3, "19:00", "19:30"), _visit(4, "13:00", "15:00"))
    problem = RoutingProblem(visits, (_team("A", "09:00", "18:00"),))
    assert estimate(problem, MATRIX) >= 4
    assert servable_bound(problem, PARAMS, MATRIX) == 2
    assert capacity(problem, MATRIX, PARAMS) == 2


def test_visits_feasible_alone_but_not_together_are_counted_once() -> None:
    """Three legal visits due by noon, the only legal team starting at 11:00: each is
    feasible on its own, but the team can make at most two before its windows close."""
    legal = frozenset({"legal"})
    visits = tuple(_visit(i, "09:00", "12:00", legal, lat=22.54 + 0.01 * i) for i in range(3))
    problem = RoutingProblem(visits, (_team("L", "11:00", "20:00", legal),
                                      _team("M", "09:00", "18:00")))
    bound = servable_bound(problem, PARAMS, MATRIX)
    assert bound <= 2
    plan = plan_routes(problem, PARAMS, seed=0, matrix=MATRIX)
    assert len(plan.assigned_ids) == bound


def test_the_visit_cap_and_the_working_day_limit_the_bound() -> None:
    """Twenty open visits for one team capped at 8 visits: at most 8."""
    visits = tuple(_visit(i, "09:00", "19:00", minutes=30, lat=22.54 + 0.001 * i)
                   for i in range(20))
    problem = RoutingProblem(visits, (_team("A", "09:00", "18:00", cap=8),))
    assert servable_bound(problem, PARAMS, MATRIX) == 8
    long = tuple(_visit(i, "09:00", "19:00", minutes=120, lat=22.54 + 0.001 * i)
                 for i in range(8))
    assert servable_bound(RoutingProblem(long, problem.teams), PARAMS, MATRIX) <= 4


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_no_plan_routes_more_than_the_bound(seed: int) -> None:
    """Random small days (skills, hourly and half-day windows, early and late shifts): the
    validated plan never routes more visits than the bound."""
    rng = np.random.default_rng(seed)
    skills = [frozenset(), frozenset({"legal"}), frozenset({"technical"})]
    visits = []
    for i in range(24):
        hour = int(rng.integers(9, 19))
        start, end = (f"{hour:02d}:00", f"{hour + 1:02d}:00") if rng.random() < 0.6 else (
            "09:00", "12:00")
        visits.append(_visit(i, start, end, skills[int(rng.integers(3))],
                             int(rng.choice([30, 45, 60])),
                             22.54 + float(rng.uniform(-0.03, 0.03)),
                             114.05 + float(rng.uniform(-0.03, 0.03))))
    teams = (_team("A", "09:00", "18:00", frozenset({"legal"}), 6),
             _team("B", "11:00", "20:00", frozenset({"technical"}), 6),
             _team("C", "09:00", "18:00", frozenset(), 6))
    problem = RoutingProblem(tuple(visits), teams)
    bound = servable_bound(problem, PARAMS, MATRIX)
    solved = solve_day(problem, PARAMS, seed)
    assert validate_plan(solved.plan, PARAMS, solved.matrix) == []
    assert len(solved.plan.assigned_ids) <= bound <= len(visits)
    assert solved.capacity == min(estimate(problem, solved.matrix), bound)
