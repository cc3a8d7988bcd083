"""Re-plan a day in progress: an appointment moved, a visit cancelled, a team dropped out.

Work already started at the time of re-planning (a visit or a lunch break whose start is
before ``now``) is pinned: it stays on its team, in its order, at its time. Everything
else is planned afresh from where each team is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .model import Pin, PinnedBreak, RoutingProblem, TeamShift, VisitRequest
from .params import RoutingParams
from .plan import RoutePlan, StopKind
from .solver import plan_routes
from .timeofday import DAY
from .travel import TravelMatrix


@dataclass(frozen=True)
class PlanChanges:
    """What happened since the plan was made.

    Parameters
    ----------
    now
        Time of re-planning (seconds since midnight); work started before it is pinned.
    moved
        New appointment windows ``visit id -> (start, end)``.
    cancelled
        Visits no longer to be made (a started visit cannot be cancelled).
    dropped_teams
        Teams that left for the day; their started visits stay theirs, the rest is freed.
    added
        New visits to fit into the day.
    """

    now: int
    moved: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    cancelled: frozenset[str] = frozenset()
    dropped_teams: frozenset[str] = frozenset()
    added: tuple[VisitRequest, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.now <= DAY:
            raise ValueError(f"now must be a time of day in [0, {DAY}], got {self.now}")
        both = sorted(set(self.moved) & set(self.cancelled))
        if both:
            raise ValueError(f"a visit cannot be both moved and cancelled: {', '.join(both)}")


def replan(
    previous: RoutePlan,
    changes: PlanChanges,
    params: RoutingParams | None = None,
    *,
    seed: int | None = None,
    matrix: TravelMatrix | None = None,
) -> RoutePlan:
    """Re-plan the rest of the day, keeping started work pinned.

    Parameters
    ----------
    previous
        The plan the teams are following.
    changes
        What changed, and the time of re-planning.
    params, seed, matrix
        As for :func:`~.solver.plan_routes`.

    Returns
    -------
    RoutePlan
        The new plan; pinned visits keep their team, order and start time.
    """
    problem = replanned_problem(previous, changes)
    return plan_routes(problem, params, seed=seed, matrix=matrix)


def replanned_problem(previous: RoutePlan, changes: PlanChanges) -> RoutingProblem:
    """The problem to solve after ``changes``, with started work pinned.

    Parameters
    ----------
    previous
        The plan the teams are following.
    changes
        What changed, and the time of re-planning.

    Returns
    -------
    RoutingProblem
        Visits with pins for work started before ``changes.now``, moved windows applied,
        cancelled visits removed, added visits appended; a dropped team stays only to
        carry its started visits (cap = their number, no break to plan).
    """
    pins, breaks = _started_work(previous, changes.now)
    visits = [
        _updated(visit, pins.get(visit.id), changes)
        for visit in previous.problem.visits
        if visit.id not in changes.cancelled or visit.id in pins
    ]
    teams: list[TeamShift] = []
    for team in previous.problem.teams:
        if team.team_id not in changes.dropped_teams:
            teams.append(team)
            continue
        started = sum(1 for pin in pins.values() if pin.team_id == team.team_id)
        if started:  # keeps its started visits, takes nothing new, no break to plan
            teams.append(replace(team, max_visits=started, lunch_duration=0))
    kept = [b for b in breaks if b.team_id not in changes.dropped_teams]
    return RoutingProblem(tuple(visits) + changes.added, tuple(teams), tuple(kept), changes.now)


def _started_work(plan: RoutePlan, now: int) -> tuple[dict[str, Pin], list[PinnedBreak]]:
    pins: dict[str, Pin] = {}
    breaks: list[PinnedBreak] = []
    for route in plan.routes:
        sequence = 0
        for stop in route.stops:
            if stop.start >= now:
                break
            if stop.kind is StopKind.BREAK:
                breaks.append(PinnedBreak(route.team_id, sequence, stop.start))
            elif stop.visit_id is not None:
                pins[stop.visit_id] = Pin(route.team_id, sequence, stop.start)
                sequence += 1
    return pins, breaks


def _updated(visit: VisitRequest, pin: Pin | None, changes: PlanChanges) -> VisitRequest:
    if pin is not None:
        return replace(visit, pinned=pin)
    window = changes.moved.get(visit.id)
    if window is None:
        return replace(visit, pinned=None)
    return replace(visit, pinned=None, window_start=window[0], window_end=window[1])
