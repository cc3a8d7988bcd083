"""Solve a branch-day: the day's travel matrix, a balanced plan, and its figures (pure).

Work is balanced by capping each team at an even share of the routed visits (plus one) when
a first plan leaves the teams' work uneven; the even plan is kept when it makes as much of
the bank's wanted work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from doorstep.visits.dispatch.capacity import (
    balanced,
    capacity,
    typical_leg,
    workload,
)
from doorstep.visits.dispatch.explain import DayLoad
from doorstep.visits.dispatch.model import BranchDay, StoredPlan
from doorstep.visits.routing import (
    HaversineMatrix,
    RoutePlan,
    RoutingParams,
    RoutingProblem,
    TravelMatrix,
    plan_routes,
)
from doorstep.visits.routing.osrm import day_matrix


@dataclass(frozen=True)
class Solved:
    """A plan with the matrix it was made with and where the travel times came from."""

    plan: RoutePlan
    matrix: TravelMatrix
    travel_failure: str | None
    capacity: int
    load: DayLoad


def problem_points(problem: RoutingProblem) -> list[Any]:
    """Every place of the day: visits and the teams' start and end places."""
    return [v.point for v in problem.visits] + [
        p for t in problem.teams for p in (t.start, t.end)]


def _value(plan: RoutePlan) -> tuple[int, int]:
    routed = set(plan.assigned_ids)
    prize = sum(v.prize for v in plan.problem.visits if v.id in routed)
    return len(routed) * 1_000_000 + prize, -plan.travel_time


def day_load(problem: RoutingProblem, matrix: TravelMatrix) -> DayLoad:
    """Minutes the day's visits need (service + a typical leg) against the teams' minutes."""
    leg = typical_leg(problem.visits, matrix)
    need = sum(v.service + leg for v in problem.visits if v.pinned is None)
    have = sum(t.shift_end - t.shift_start - t.lunch_duration for t in problem.teams)
    cap = max((t.max_visits for t in problem.teams), default=0)
    return DayLoad(round(need / 60), round(have / 60), cap)


def solve_day(problem: RoutingProblem, params: RoutingParams, seed: int,
              provider: TravelMatrix | None = None) -> Solved:
    """The balanced plan of the day (see the module), validated by the caller.

    Half the time limit plans with the teams' own caps. When that leaves the work uneven
    (more than two visits between the busiest and the idlest team), the day is planned
    again with every team capped at an even share of what was routed (then the share plus
    one), each with a quarter of the time; the first even plan that routes as many visits
    is kept.
    """
    estimate = HaversineMatrix.from_params(params)
    matrix, failure = day_matrix(problem_points(problem), provider, estimate)
    half = replace(params, seconds=max(0.1, params.seconds / 2))
    quarter = replace(params, seconds=max(0.1, params.seconds / 4))
    plan = plan_routes(problem, half, seed=seed, matrix=matrix)
    spread = workload(plan)
    if problem.teams and spread.max_visits - spread.min_visits > 2:
        for slack in (0, 1):
            even = balanced(problem, len(plan.assigned_ids), slack)
            if even.teams == problem.teams:
                break
            other = plan_routes(even, quarter, seed=seed, matrix=matrix)
            if _value(other)[0] >= _value(plan)[0]:
                plan = other
                break
    return Solved(plan, matrix, failure, capacity(problem, matrix), day_load(problem, matrix))


def plan_stats(solved: Solved, visits: int, elapsed: float) -> dict[str, Any]:
    """The figures stored with a plan and shown on the board and by the CLI."""
    plan = solved.plan
    return {
        "visits": visits, "assigned": len(plan.assigned_ids), "routed": len(plan.assigned_ids),
        "unassigned": len(plan.unassigned), "teams": len(plan.problem.teams),
        "capacity": solved.capacity, "travel_minutes": round(plan.travel_time / 60),
        "seconds": round(elapsed, 2), **workload(plan).to_dict(),
        "over_minutes": solved.load.over_minutes,
        "travel_source": "estimate" if solved.travel_failure or isinstance(
            solved.matrix, HaversineMatrix) else "road",
        "travel_failure": solved.travel_failure,
    }


def _list(value: object) -> list[dict[str, Any]]:
    return value if isinstance(value, list) else []


def summary(day: BranchDay, stored: StoredPlan) -> dict[str, Any]:
    """One branch-day's plan as the CLI's JSON: counts, workload and the waiting visits."""
    st = stored.stats
    keys = ("visits", "routed", "capacity", "teams_on_duty", "teams_used", "travel_minutes",
            "max_visits_per_team", "min_visits_per_team", "max_hours_per_team",
            "min_hours_per_team", "over_minutes", "travel_source", "travel_failure")
    return {"branch": day.branch_code, "branch_name": day.branch_name,
            "day": day.day.isoformat(), "plan_id": stored.id, **{k: st.get(k) for k in keys},
            "unassigned": [{"case_no": u["case_no"], "reason": u["reason"],
                            "message": u["message"], "message_en": u["message_en"],
                            "fixes": [f["message_en"] for f in _list(u.get("fixes"))]}
                           for u in stored.unassigned]}
