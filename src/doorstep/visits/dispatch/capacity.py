"""How many visits the teams on duty can make, balanced caps, and each team's workload.

Pure functions over the routing problem and plan (no I/O), shared by the board, the CLI,
the benchmark and the demo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import mean, median

from doorstep.visits.dispatch.bound import servable_bound
from doorstep.visits.routing import (
    HaversineMatrix,
    RoutePlan,
    RoutingParams,
    RoutingProblem,
    TeamShift,
    TravelMatrix,
    VisitRequest,
)

#: Minutes at the door assumed when the day has no visits to measure.
DEFAULT_SERVICE_S = 45 * 60
#: Extra visits a team may take above an even share, so the solver keeps room to choose.
BALANCE_SLACK = 1


def typical_leg(visits: tuple[VisitRequest, ...], matrix: TravelMatrix) -> int:
    """Seconds of driving per visit: the median time to the nearest other visit."""
    if len(visits) < 2:
        return 15 * 60
    points = list(dict.fromkeys(v.point for v in visits))
    if len(points) < 2:
        return 0
    durations = matrix.durations(points)
    nearest = [min(int(durations[i, j]) for j in range(len(points)) if j != i)
               for i in range(len(points))]
    return int(median(nearest))


def team_capacity(team: TeamShift, per_visit: int) -> int:
    """Visits one team can make: its working time (shift less lunch) over the time one
    visit takes (service plus a typical leg), never above its visit cap."""
    working = team.shift_end - team.shift_start - team.lunch_duration
    return max(0, min(team.max_visits, working // max(1, per_visit)))


def estimate(problem: RoutingProblem, matrix: TravelMatrix) -> int:
    """How many visits the teams on duty could make on a typical day: each team's working
    time divided by a visit's mean service time plus the median leg to the nearest other
    visit, capped by the team's visit cap, summed over the teams."""
    service = int(mean(v.service for v in problem.visits)) if problem.visits else \
        DEFAULT_SERVICE_S
    per_visit = service + typical_leg(problem.visits, matrix)
    return sum(team_capacity(t, per_visit) for t in problem.teams)


def capacity(problem: RoutingProblem, matrix: TravelMatrix | None = None,
             params: RoutingParams | None = None) -> int:
    """How many of the day's visits the teams on duty can make (the board's figure).

    The typical-day :func:`estimate`, never above the true bound on the visits that the
    teams on duty can legally serve in their windows and hours
    (:func:`~doorstep.visits.dispatch.bound.servable_bound`).
    """
    params = params or RoutingParams()
    matrix = matrix or HaversineMatrix.from_params(params)
    return min(estimate(problem, matrix), servable_bound(problem, params, matrix))


def balanced(problem: RoutingProblem, visits: int | None = None,
             slack: int = BALANCE_SLACK) -> RoutingProblem:
    """The problem with each team's cap lowered to an even share of ``visits`` (default:
    all the day's visits) plus ``slack``, so work spreads over the teams. A team with a
    skill few teams have keeps room for an even share of the visits needing that skill."""
    if not problem.teams:
        return problem
    count = len(problem.visits) if visits is None else visits
    share = math.ceil(count / len(problem.teams)) + slack
    teams = tuple(replace(t, max_visits=min(t.max_visits, max(
        share, _skill_share(problem, t) + slack, len(problem.pinned_visits(t.team_id)))))
        for t in problem.teams)
    return replace(problem, teams=teams)


def _skill_share(problem: RoutingProblem, team: TeamShift) -> int:
    """The largest even share, over the team's skills, of the visits needing that skill
    among the teams that have it."""
    best = 0
    for skill in team.skills:
        need = sum(1 for v in problem.visits if skill in v.skills)
        if need:
            have = sum(1 for t in problem.teams if skill in t.skills)
            best = max(best, math.ceil(need / have))
    return best


@dataclass(frozen=True)
class Workload:
    """How work is spread over the teams on duty (teams without visits count as 0)."""

    teams_on_duty: int
    teams_used: int
    max_visits: int
    min_visits: int
    max_hours: float
    min_hours: float

    def to_dict(self) -> dict[str, float | int]:
        """Plain values for the stored plan's stats."""
        return {"teams_on_duty": self.teams_on_duty, "teams_used": self.teams_used,
                "max_visits_per_team": self.max_visits, "min_visits_per_team": self.min_visits,
                "max_hours_per_team": self.max_hours, "min_hours_per_team": self.min_hours}


def workload(plan: RoutePlan) -> Workload:
    """Visits and hours (leaving to coming back) of each team on duty, at the extremes."""
    visits, hours = [], []
    for team in plan.problem.teams:
        route = plan.route_of(team.team_id)
        visits.append(len(route.visit_ids) if route else 0)
        hours.append(round((route.back - route.depart) / 3600, 2) if route else 0.0)
    return Workload(len(plan.problem.teams), sum(1 for v in visits if v),
                    max(visits, default=0), min(visits, default=0),
                    max(hours, default=0.0), min(hours, default=0.0))
