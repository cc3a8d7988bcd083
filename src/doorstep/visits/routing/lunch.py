"""Lunch breaks as PyVRP clients ("break twins"), since PyVRP has no breaks (issue #352).

For each lunch policy (window, duration) we add break twins: optional clients whose
service is the break and whose time window is the lunch window, placed where a team can
be at lunch time: at the teams' depots and at customers' addresses whose windows reach
lunch time. Eating near the customer just visited (or about to be visited) costs no extra
travel, so travel times stay exact; a zero-distance dummy node would let a team
"teleport" across town during lunch, and the validator would rightly refuse that.

A lunch load dimension with capacity 1 per team of that policy allows at most one break
per team, and the break's prize (above a wanted visit's, see :mod:`.adapter`) makes the
solver give every team one. A team left without a break is repaired after solving or
reported by the validator (see :mod:`.extract`).

Two alternatives were measured on the 400-visit benchmark day and dropped:

* one *required* mutually exclusive group of twins per team: PyVRP rarely reached a
  feasible plan within seconds (spreading the breaks one per team is hard for its local
  search, as its maintainers note in issue #352);
* a twin at *every* lunch-time address (about 500): the unrouted twins soak up PyVRP's
  random perturbations and the search stops improving after the first second.

So besides the depots we keep ``TWINS_PER_TEAM`` addresses per team, spread over the
area by farthest-point sampling: any route passes near one, and the search stays lively.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .diagnose import allowed_window
from .model import GeoPoint, VisitRequest
from .params import RoutingParams
from .pinning import TeamStart
from .places import Places

LunchPolicy = tuple[int, int, int]  # (window start, window end, duration) in seconds

#: Customer addresses offered for lunch per team of a policy (besides the depots).
TWINS_PER_TEAM = 2


def policy_of(start: TeamStart) -> LunchPolicy:
    """The lunch policy a team follows."""
    team = start.team
    return (team.lunch_start, team.lunch_end, team.lunch_duration)


@dataclass(frozen=True)
class BreakTwin:
    """A place where a team of ``policy`` may take its lunch break."""

    policy: LunchPolicy
    point: GeoPoint


def break_twins(
    policy: LunchPolicy, visits: Sequence[VisitRequest], teams: Sequence[TeamStart],
    params: RoutingParams, places: Places,
) -> list[BreakTwin]:
    """Break twins for the teams of one lunch policy.

    Parameters
    ----------
    policy
        The lunch window and duration.
    visits
        The visits to be planned.
    teams
        The teams that follow ``policy`` and still need lunch.
    params
        Planner parameters (the visit window bounds where a team can be).
    places
        The day's places and travel times.

    Returns
    -------
    list[BreakTwin]
        One twin per distinct place: every depot of these teams, and up to
        ``TWINS_PER_TEAM * len(teams)`` addresses spread over the area.
    """
    lunch_start, lunch_end, _ = policy
    depots: list[GeoPoint] = []
    for start in teams:
        depots += [start.point, start.team.end]
    near_lunch: list[GeoPoint] = []
    for visit in visits:
        window = allowed_window(visit, params)
        if window and window[0] <= lunch_end and window[1] + visit.service >= lunch_start:
            near_lunch.append(visit.point)
    spread = _spread(list(dict.fromkeys(near_lunch)), TWINS_PER_TEAM * len(teams), places)
    return [BreakTwin(policy, point) for point in dict.fromkeys(depots + spread)]


def _spread(pool: list[GeoPoint], count: int, places: Places) -> list[GeoPoint]:
    """``count`` places of ``pool``, each next one the farthest from those already chosen."""
    if len(pool) <= count:
        return pool
    index = [places.index[p] for p in pool]
    travel = places.durations[np.ix_(index, index)]
    chosen = [int(np.argmin(travel.sum(axis=1)))]  # start from the most central place
    nearest = travel[chosen[0]].copy()
    while len(chosen) < count:
        chosen.append(int(np.argmax(nearest)))
        nearest = np.minimum(nearest, travel[chosen[-1]])
    return [pool[i] for i in chosen]
