"""Read a PyVRP solution back into team routes, and make sure every route has its lunch."""

from __future__ import annotations

import logging

from pyvrp import Route, Solution

from .adapter import SolverInput
from .pinning import TeamStart
from .places import Places
from .plan import Stop, StopKind, TeamRoute

_log = logging.getLogger(__name__)


def solver_routes(solution: Solution, inp: SolverInput) -> dict[str, TeamRoute]:
    """The routes of a feasible PyVRP solution, keyed by team id, prefixes included.

    Parameters
    ----------
    solution
        A feasible solution of ``inp.data``.
    inp
        The instance and its maps back to visits and teams.

    Returns
    -------
    dict[str, TeamRoute]
        One route per team that PyVRP used.
    """
    routes: dict[str, TeamRoute] = {}
    for route in solution.routes():
        start = inp.vehicles[route.vehicle_type()]
        routes[start.team.team_id] = _team_route(route, start, inp)
    return routes


def _team_route(route: Route, start: TeamStart, inp: SolverInput) -> TeamRoute:
    places = inp.places
    here, leave = places.index[start.point], route.start_time()
    stops = list(start.prefix)
    for activity in route:
        if not activity.is_client():
            continue
        ref = inp.clients[activity.idx]
        travel = int(places.durations[here, ref.place])
        kind = StopKind.VISIT if ref.visit_id is not None else StopKind.BREAK
        stops.append(Stop(kind, ref.visit_id, places.points[ref.place], travel, leave + travel,
                          activity.start_time, activity.end_time))
        here, leave = ref.place, activity.end_time
    back_travel = int(places.durations[here, places.index[start.team.end]])
    depart = start.depart if start.prefix else route.start_time()
    return TeamRoute(start.team.team_id, depart, tuple(stops), back_travel, leave + back_travel)


def prefix_route(start: TeamStart, places: Places) -> TeamRoute | None:
    """The route of a team the solver gave nothing new: its pinned prefix, then home.

    Parameters
    ----------
    start
        The team's pinned prefix and free day.
    places
        The day's places and travel times.

    Returns
    -------
    TeamRoute or None
        None when the team has no pinned work either.
    """
    if not start.prefix:
        return None
    last = start.prefix[-1]
    back_travel = places.leg(last.point, start.team.end)
    return TeamRoute(start.team.team_id, start.depart, start.prefix, back_travel,
                     last.departure + back_travel)


def with_lunch(route: TeamRoute, start: TeamStart) -> TeamRoute:
    """Make sure a working team has its lunch break, fitting it into idle time if needed.

    PyVRP's break twins are driven by prize, so in a rare crowded solution a team may end
    up without one. Then the break is placed where the team is idle long enough inside
    its lunch window: before leaving, while waiting at a door, or before driving home. A
    route where no such gap exists is returned as is, and the validator reports it.

    Parameters
    ----------
    route
        A team's route.
    start
        The team's free day (says whether lunch is still needed).

    Returns
    -------
    TeamRoute
        The route with a lunch break when one is needed and fits.
    """
    if not start.needs_lunch or route.breaks or not route.visit_ids:
        return route
    team, stops = start.team, route.stops
    for i, stop in enumerate(stops):
        leaves_home = i == 0 and not start.prefix  # may leave earlier, as from shift start
        earliest = team.shift_start + stop.travel if leaves_home else stop.arrival
        begin = max(earliest, team.lunch_start)
        if begin + team.lunch_duration <= min(stop.start, team.lunch_end):
            arrival = begin if leaves_home else stop.arrival
            brk = Stop(StopKind.BREAK, None, stop.point, stop.travel, arrival, begin,
                       begin + team.lunch_duration)
            moved = Stop(stop.kind, stop.visit_id, stop.point, 0, brk.departure, stop.start,
                         stop.departure)
            depart = arrival - stop.travel if leaves_home else route.depart
            return TeamRoute(route.team_id, depart, (*stops[:i], brk, moved, *stops[i + 1:]),
                             route.return_travel, route.back)
    return _lunch_before_home(route, start)


def _lunch_before_home(route: TeamRoute, start: TeamStart) -> TeamRoute:
    team, last = start.team, route.stops[-1]
    begin = max(last.departure, team.lunch_start)
    end = begin + team.lunch_duration
    if end <= team.lunch_end and end + route.return_travel <= team.shift_end:
        brk = Stop(StopKind.BREAK, None, last.point, 0, last.departure, begin, end)
        return TeamRoute(route.team_id, route.depart, (*route.stops, brk), route.return_travel,
                         end + route.return_travel)
    _log.warning("no room for team %s's lunch break", route.team_id)
    return route
