"""Solve a branch-day: the day's travel matrix, a balanced plan, and its figures (pure).

Work is balanced by capping each team at an even share of the visits the day can hold; when
those caps leave wanted work out, the day is planned again with the teams' own caps and the
plan that makes more of the bank's work is kept."""

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
    Unassigned,
    plan_routes,
)
from doorstep.visits.routing.diagnose import diagnose
from doorstep.visits.routing.osrm import day_matrix
from doorstep.visits.routing.pinning import team_starts
from doorstep.visits.routing.places import Places


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


def possible_visits(problem: RoutingProblem, params: RoutingParams,
                    matrix: TravelMatrix) -> int:
    """Unpinned visits some team could make on its own (the planner's exact pre-checks)."""
    starts = team_starts(problem, matrix)
    free = [v for v in problem.visits if v.pinned is None]
    points = [v.point for v in free] + [p for s in starts for p in (
        s.point, s.team.end, *(x.point for x in s.prefix))]
    places = Places.of(points, matrix)
    return sum(1 for v in free if diagnose(v, starts, params, places.leg) is None)


def solve_day(problem: RoutingProblem, params: RoutingParams, seed: int,
              provider: TravelMatrix | None = None) -> Solved:
    """The balanced plan of the day (see the module), validated by the caller.

    Two thirds of the time limit plan with every team capped at an even share of the
    visits the day can hold: those some team could make, at most the capacity
    bound. When those caps leave wanted work out for want of room, the last third plans
    with the teams' own caps, and the plan that makes more of the bank's work is kept.
    """
    estimate = HaversineMatrix.from_params(params)
    matrix, failure = day_matrix(problem_points(problem), provider, estimate)
    bound = capacity(problem, matrix, params)
    most = replace(params, seconds=max(0.1, params.seconds * 2 / 3))
    rest = replace(params, seconds=max(0.1, params.seconds / 3))
    even = balanced(problem, min(possible_visits(problem, params, matrix), bound), 0)
    plan = plan_routes(even, most, seed=seed, matrix=matrix)
    if even.teams != problem.teams and any(
            u.reason in (Unassigned.CAPACITY, Unassigned.NOT_WORTH_IT) for u in plan.unassigned):
        full = plan_routes(problem, rest, seed=seed, matrix=matrix)
        if _value(full) > _value(plan):
            plan = full
    return Solved(plan, matrix, failure, bound, day_load(problem, matrix))


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
