"""Translate a branch-day into PyVRP's data model.

Modelling choices, each a plain PyVRP feature:

* **Teams** are vehicle types of one vehicle each, starting and ending at the team's depots
  (home base or branch, or where its started work ends), with the shift as the vehicle's
  time window.
* **Objective**: both PyVRP matrices hold travel *seconds*, so the cost is driving time.
* **Skills and the visit cap** are load dimensions. Dimension 0 counts visits (capacity =
  the team's cap); each needed skill has a dimension where a visit needing it weighs 1 and
  a team lacking it has capacity 0, so such a visit can never ride on that team.
* **Every visit is optional to PyVRP**, so an over-full day still has feasible plans and
  the solver never fails on it. A visit the bank wants made gets a prize above its worst
  detour and the prizes of the optional visits it could displace, plus a bonus for its own
  benefit and urgency (which decides what waits on an over-full day); an optional visit
  gets its screening benefit. Prizes are kept below PyVRP's largest penalty (see
  :data:`PRIZE_CAP`) so that the penalties still steer the search back to feasibility.
* **Lunch breaks** are break twins (see :mod:`.lunch`) with the highest prize of all,
  :data:`LUNCH_PRIZE`, so a team skips lunch for no visit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pyvrp import Client, Depot, Location, ProblemData, VehicleType

from .diagnose import allowed_window
from .lunch import BreakTwin, LunchPolicy, break_twins, policy_of
from .model import VisitRequest
from .params import RoutingParams
from .pinning import TeamStart
from .places import Places

#: Prize of a lunch break, the largest prize of all. It stays well below PyVRP's default
#: maximum penalty per unit of violation (100 000), so that breaking a constraint to
#: collect a prize never stays attractive; a wanted visit gets at most a third of it.
LUNCH_PRIZE = 40_000


@dataclass(frozen=True)
class ClientRef:
    """What a PyVRP client stands for: a visit, or a break twin (``visit_id`` None)."""

    visit_id: str | None
    place: int


@dataclass(frozen=True)
class SolverInput:
    """PyVRP data plus the maps back to visits (per client) and teams (per vehicle type)."""

    data: ProblemData
    clients: tuple[ClientRef, ...]
    vehicles: tuple[TeamStart, ...]
    places: Places


@dataclass(frozen=True)
class _Dims:
    skills: tuple[str, ...]
    lunches: tuple[LunchPolicy, ...]

    def visit_load(self, visit: VisitRequest) -> list[int]:
        return [1, *(int(s in visit.skills) for s in self.skills), *([0] * len(self.lunches))]

    def twin_load(self, policy: LunchPolicy) -> list[int]:
        return [0, *([0] * len(self.skills)), *(int(p == policy) for p in self.lunches)]

    def capacity(self, start: TeamStart) -> list[int]:
        room, skills = start.visit_room, start.team.skills
        lunch = [int(start.needs_lunch and policy_of(start) == p) for p in self.lunches]
        return [room, *(room if s in skills else 0 for s in self.skills), *lunch]


def _prizes(visits: Sequence[VisitRequest], params: RoutingParams, max_leg: int) -> _Prizes:
    """Prize tiers: lunch > wanted visit > optional visit (screening benefit).

    A wanted visit's prize is a base above its worst detour plus a bonus that grows with its
    own ``prize`` (benefit and urgency), so on an over-full day the least valuable wanted
    visits wait; the base plus the largest bonus stays at most a third of the lunch prize.
    """
    lunch = max(LUNCH_PRIZE, 4 * max_leg + 2)
    top = lunch // 3  # an hour's break can displace two or three visits, not more
    best = max((v.prize * params.prize_weight for v in visits if v.optional), default=0)
    # A wanted visit outweighs its worst detour plus three of the best optional visits.
    wanted = min(2 * max_leg + 3 * best + 1, top * 3 // 4)
    scale = 1.0
    if best and wanted < 2 * max_leg + 3 * best + 1:
        scale = max(0.0, (wanted - 2 * max_leg - 1) / (3 * best))
    best_wanted = max((v.prize for v in visits if not v.optional), default=0)
    return _Prizes(lunch, wanted, scale, params.prize_weight, top - wanted, best_wanted)


@dataclass(frozen=True)
class _Prizes:
    lunch: int
    wanted: int
    scale: float
    weight: int
    bonus_room: int = 0
    best_wanted: int = 0

    def of(self, visit: VisitRequest) -> int:
        if not visit.optional:
            if not self.best_wanted:
                return self.wanted
            return self.wanted + self.bonus_room * visit.prize // self.best_wanted
        return int(visit.prize * self.weight * self.scale)


def build_input(
    visits: Sequence[VisitRequest], starts: Sequence[TeamStart], params: RoutingParams,
    places: Places,
) -> SolverInput:
    """Build the PyVRP instance for the visits left to plan.

    Parameters
    ----------
    visits
        Unpinned visits that passed :func:`~.diagnose.diagnose`.
    starts
        Every team's free day; teams with no time left get no vehicle.
    params
        Planner parameters.
    places
        All places of the day (visits and team depots) with their travel times.

    Returns
    -------
    SolverInput
        The instance and the maps needed to read the solution back.
    """
    vehicles = tuple(s for s in starts if s.ready < s.team.shift_end)
    dims = _Dims(
        skills=tuple(sorted({skill for v in visits for skill in v.skills})),
        lunches=tuple(sorted({policy_of(s) for s in vehicles if s.needs_lunch})),
    )
    prizes = _prizes(visits, params, int(places.durations.max(initial=0)))
    refs = [ClientRef(v.id, places.index[v.point]) for v in visits]
    clients = [_visit_client(v, ref.place, dims, prizes, params) for v, ref in zip(
        visits, refs, strict=True)]
    twins: list[BreakTwin] = []
    for policy in dims.lunches:
        teams = [s for s in vehicles if s.needs_lunch and policy_of(s) == policy]
        twins += break_twins(policy, visits, teams, params, places)
    _add_twins(twins, places, dims, prizes, refs, clients)
    data = _problem_data(places, clients, vehicles, dims)
    return SolverInput(data, tuple(refs), vehicles, places)


def _add_twins(
    twins: Sequence[BreakTwin], places: Places, dims: _Dims, prizes: _Prizes,
    refs: list[ClientRef], clients: list[Client],
) -> None:
    """Append the break twins as optional clients carrying the lunch prize."""
    for twin in twins:
        start, end, duration = twin.policy
        refs.append(ClientRef(None, places.index[twin.point]))
        clients.append(Client(
            location=refs[-1].place, delivery=dims.twin_load(twin.policy),
            service_duration=duration, tw_early=start, tw_late=end - duration,
            prize=prizes.lunch, required=False, name="lunch",
        ))


def _visit_client(
    visit: VisitRequest, place: int, dims: _Dims, prizes: _Prizes, params: RoutingParams
) -> Client:
    earliest, latest = allowed_window(visit, params) or (0, 0)
    return Client(
        location=place, delivery=dims.visit_load(visit), service_duration=visit.service,
        tw_early=earliest, tw_late=latest, prize=prizes.of(visit), required=False,
        name=visit.id,
    )


def _problem_data(
    places: Places, clients: list[Client], vehicles: Sequence[TeamStart], dims: _Dims,
) -> ProblemData:
    depot_places = sorted(
        {places.index[s.point] for s in vehicles} | {places.index[s.team.end] for s in vehicles}
    )
    depot_of = {place: i for i, place in enumerate(depot_places)}
    vehicle_types = [
        VehicleType(
            num_available=1, capacity=dims.capacity(s),
            start_depot=depot_of[places.index[s.point]],
            end_depot=depot_of[places.index[s.team.end]],
            tw_early=s.ready, tw_late=s.team.shift_end, unit_distance_cost=1,
            name=s.team.team_id,
        )
        for s in vehicles
    ]
    travel: Any = places.durations  # PyVRP's stubs type matrices loosely
    return ProblemData(
        locations=[Location(x=p.lon, y=p.lat) for p in places.points],
        clients=clients,
        depots=[Depot(location=place) for place in depot_places],
        vehicle_types=vehicle_types,
        distance_matrices=[travel],
        duration_matrices=[travel],
    )
