"""An independent re-check of every hard rule on a route plan; the solver is not trusted.

This module reads only the problem, the plan, the parameters and a travel matrix. It
shares no code with the solver side (pinning, diagnosis, PyVRP adapter), so a modelling
mistake there shows up here as a violation instead of being repeated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from .model import RoutingProblem, TeamShift
from .params import RoutingParams
from .plan import RoutePlan, Stop, StopKind, TeamRoute
from .timeofday import DAY, clock
from .travel import HaversineMatrix, TravelMatrix

#: Travel times are rounded to whole seconds; a re-computation may differ by this much.
TRAVEL_TOLERANCE_S = 1


@dataclass(frozen=True)
class Violation:
    """One broken rule: a stable ``code``, a readable message, and where it happened."""

    code: str
    message: str
    team_id: str | None = None
    visit_id: str | None = None


def validate_plan(
    plan: RoutePlan, params: RoutingParams | None = None, matrix: TravelMatrix | None = None
) -> list[Violation]:
    """Re-check a plan against its problem, the §5 visiting hours and the travel matrix.

    Checks: each visit routed at most once and otherwise reported unassigned; pinned
    visits on their team and in their place; service starting inside the appointment
    window; visits inside the visit window and never in quiet hours; the route inside the
    shift; one lunch break inside the lunch window; skills covered; the visit cap; travel
    times equal to the matrix and never faster.

    Parameters
    ----------
    plan
        The plan to check.
    params
        The visit window and quiet hours (and travel estimate when ``matrix`` is None).
    matrix
        Travel times to check against; a :class:`~.travel.HaversineMatrix` when None.

    Returns
    -------
    list[Violation]
        Every violation found; empty when the plan keeps every rule.
    """
    params = params or RoutingParams()
    matrix = matrix or HaversineMatrix.from_params(params)
    problem = plan.problem
    found = list(_coverage(plan))
    for route in plan.routes:
        if not problem.has_team(route.team_id):
            found.append(Violation("team.unknown", "route of a team not on duty", route.team_id))
            continue
        team = problem.team(route.team_id)
        found += _timeline(route, team, matrix)
        found += _visits(route, team, problem, params)
        found += _lunch(route, team)
    found += _pins(plan)
    return found


def _coverage(plan: RoutePlan) -> Iterator[Violation]:
    problem = plan.problem
    known = {v.id for v in problem.visits}
    routed = Counter(v for r in plan.routes for v in r.visit_ids)
    left_out = Counter(u.visit_id for u in plan.unassigned)
    for team_id, count in Counter(r.team_id for r in plan.routes).items():
        if count > 1:
            yield Violation("team.two_routes", f"{count} routes for one team", team_id)
    for visit_id in sorted(set(routed) | set(left_out)):
        if visit_id not in known:
            yield Violation("visit.unknown", "visit not in the problem", visit_id=visit_id)
        elif routed[visit_id] > 1:
            yield Violation("visit.repeated", f"routed {routed[visit_id]} times",
                            visit_id=visit_id)
        elif routed[visit_id] + left_out[visit_id] > 1:
            yield Violation("visit.both", "both routed and unassigned", visit_id=visit_id)
    for visit_id in sorted(known - set(routed) - set(left_out)):
        yield Violation("visit.missing", "neither routed nor unassigned", visit_id=visit_id)


def _timeline(route: TeamRoute, team: TeamShift, matrix: TravelMatrix) -> Iterator[Violation]:
    tid = route.team_id
    if route.depart < team.shift_start:
        yield Violation("shift.early", f"leaves at {clock(route.depart)}, before the shift", tid)
    points = [team.start, *(s.point for s in route.stops), team.end]
    legs = matrix.durations(points)
    here_free = route.depart
    travels = [s.travel for s in route.stops] + [route.return_travel]
    arrivals = [s.arrival for s in route.stops] + [route.back]
    for i, (travel, arrival) in enumerate(zip(travels, arrivals, strict=True)):
        expected = int(legs[i, i + 1])
        if abs(travel - expected) > TRAVEL_TOLERANCE_S:
            yield Violation("travel.mismatch", f"leg {i}: {travel} s, matrix {expected} s", tid)
        if arrival + TRAVEL_TOLERANCE_S < here_free + expected:
            yield Violation("travel.too_fast", f"leg {i}: arrives {clock(arrival)}, "
                            f"earliest {clock(here_free + expected)}", tid)
        if i < len(route.stops):
            yield from _stop_times(route.stops[i], team, tid)
            here_free = route.stops[i].departure
    if route.back > team.shift_end:
        yield Violation("shift.late", f"back at {clock(route.back)}, after the shift", tid)


def _stop_times(stop: Stop, team: TeamShift, team_id: str) -> Iterator[Violation]:
    if stop.start < stop.arrival:
        yield Violation("stop.before_arrival", f"starts {clock(stop.start)} before arriving "
                        f"{clock(stop.arrival)}", team_id, stop.visit_id)
    if stop.kind is StopKind.BREAK and stop.departure - stop.start < team.lunch_duration:
        yield Violation("lunch.short", f"{(stop.departure - stop.start) // 60} min break",
                        team_id)


def _visits(
    route: TeamRoute, team: TeamShift, problem: RoutingProblem, params: RoutingParams
) -> Iterator[Violation]:
    tid = route.team_id
    if len(route.visit_ids) > team.max_visits:
        yield Violation("team.over_cap", f"{len(route.visit_ids)} visits, cap "
                        f"{team.max_visits}", tid)
    known = {v.id for v in problem.visits}
    for stop in route.stops:
        if stop.visit_id is None or stop.visit_id not in known:
            continue
        visit, vid = problem.visit(stop.visit_id), stop.visit_id
        if stop.point != visit.point:
            yield Violation("visit.wrong_place", "stop is not at the customer's address", tid, vid)
        if stop.departure - stop.start < visit.service:
            yield Violation("visit.short", "shorter than its service time", tid, vid)
        if not visit.window_start <= stop.start <= visit.window_end:
            yield Violation("visit.outside_window", f"starts {clock(stop.start)}, window "
                            f"{clock(visit.window_start)}-{clock(visit.window_end)}", tid, vid)
        if stop.start < params.visit_start or stop.departure > params.visit_end:
            yield Violation("visit.outside_visit_hours", f"{clock(stop.start)}-"
                            f"{clock(stop.departure)}", tid, vid)
        if _meets_quiet_hours(stop.start, stop.departure, params):
            yield Violation("visit.quiet_hours", f"{clock(stop.start)}-{clock(stop.departure)}"
                            " meets the quiet hours", tid, vid)
        missing = visit.skills - team.skills
        if missing:
            yield Violation("visit.skills", f"team lacks {', '.join(sorted(missing))}", tid, vid)


def _meets_quiet_hours(start: int, end: int, params: RoutingParams) -> bool:
    """Minute by minute, so that the check shares no interval logic with the planner."""
    quiet_start, quiet_end = params.quiet_start, params.quiet_end
    for moment in [*range(start, end, 60), max(start, end - 1)]:
        moment %= DAY
        inside = (
            quiet_start <= moment < quiet_end
            if quiet_start < quiet_end
            else moment >= quiet_start or moment < quiet_end
        )
        if inside:
            return True
    return False


def _lunch(route: TeamRoute, team: TeamShift) -> Iterator[Violation]:
    breaks = [s for s in route.stops if s.kind is StopKind.BREAK]
    if team.lunch_duration == 0 or not route.visit_ids:
        return
    if len(breaks) != 1:
        code = "lunch.missing" if not breaks else "lunch.repeated"
        yield Violation(code, f"{len(breaks)} lunch breaks instead of one", route.team_id)
    for brk in breaks:
        if brk.start < team.lunch_start or brk.departure > team.lunch_end:
            yield Violation("lunch.outside_window", f"{clock(brk.start)}-{clock(brk.departure)}"
                            f" outside {clock(team.lunch_start)}-{clock(team.lunch_end)}",
                            route.team_id)


def _pins(plan: RoutePlan) -> Iterator[Violation]:
    for visit in plan.problem.visits:
        pin = visit.pinned
        if pin is None:
            continue
        route = plan.route_of(pin.team_id)
        order = route.visit_ids if route else ()
        if pin.sequence >= len(order) or order[pin.sequence] != visit.id:
            yield Violation("pin.moved", f"pinned to {pin.team_id} at position {pin.sequence}",
                            pin.team_id, visit.id)
            continue
        stop = next(s for s in route.stops if s.visit_id == visit.id) if route else None
        if stop is not None and pin.start is not None and stop.start != pin.start:
            yield Violation("pin.retimed", f"started {clock(pin.start)}, planned "
                            f"{clock(stop.start)}", pin.team_id, visit.id)
