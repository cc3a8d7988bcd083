"""Before solving: the visits no team could ever make, each with the reason why.

These checks are cheap and exact (skills, hours, shifts, reachability one visit at a time),
so the solver only sees visits that some team could make on its own, and a dispatcher gets
a specific reason rather than a generic "did not fit".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .model import GeoPoint, VisitRequest
from .params import RoutingParams
from .pinning import TeamStart
from .reasons import Unassigned

#: Travel seconds between two places.
Leg = Callable[[GeoPoint, GeoPoint], int]


def allowed_window(visit: VisitRequest, params: RoutingParams) -> tuple[int, int] | None:
    """The start-of-service window once the bank's visit hours are applied.

    The visit must start inside its appointment window, and start and end inside the visit
    window (which :class:`~.params.RoutingParams` keeps clear of the quiet hours).

    Parameters
    ----------
    visit
        The visit.
    params
        Planner parameters holding the visit window.

    Returns
    -------
    tuple[int, int] or None
        Earliest and latest start of service, or None when no start is allowed.
    """
    earliest = max(visit.window_start, params.visit_start)
    latest = min(visit.window_end, params.visit_end - visit.service)
    return (earliest, latest) if earliest <= latest else None


def diagnose(
    visit: VisitRequest, starts: Sequence[TeamStart], params: RoutingParams, leg: Leg
) -> Unassigned | None:
    """Why no team could make this visit, even alone; None when some team could.

    Parameters
    ----------
    visit
        An unpinned visit.
    starts
        Every team's free day (see :func:`~.pinning.team_starts`).
    params
        Planner parameters.
    leg
        Travel seconds between two places.

    Returns
    -------
    Unassigned or None
        The first reason that rules the visit out, checked from the most specific.
    """
    if not starts:
        return Unassigned.NO_TEAM
    window = allowed_window(visit, params)
    if window is None:
        return Unassigned.OUTSIDE_VISIT_HOURS
    skilled = [s for s in starts if visit.skills <= s.team.skills]
    if not skilled:
        return Unassigned.NO_SKILLED_TEAM
    earliest, latest = window
    overlapping = [
        s for s in skilled
        if earliest <= s.team.shift_end - visit.service and latest >= s.team.shift_start
    ]
    if not overlapping:
        return Unassigned.WINDOW_OUTSIDE_SHIFT
    if not any(s.visit_room > 0 for s in overlapping):
        return Unassigned.CAPACITY
    for s in overlapping:
        first = max(earliest, s.ready + leg(s.point, visit.point))
        last = min(latest, s.team.shift_end - visit.service - leg(visit.point, s.team.end))
        if s.visit_room > 0 and first <= last:
            return None
    return Unassigned.UNREACHABLE
