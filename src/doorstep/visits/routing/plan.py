"""What the route planner answers: one ordered route per team and the visits left out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .model import GeoPoint, RoutingProblem
from .reasons import Unassigned, reason_text
from .timeofday import clock


class StopKind(StrEnum):
    """What a team does at a stop."""

    VISIT = "visit"
    BREAK = "break"


@dataclass(frozen=True)
class Stop:
    """One stop of a route: a home visit, or the lunch break taken near that place.

    ``travel`` is the driving time (seconds) from the previous place; the team arrives at
    ``arrival``, may wait, starts at ``start`` and leaves at ``departure``.
    """

    kind: StopKind
    visit_id: str | None
    point: GeoPoint
    travel: int
    arrival: int
    start: int
    departure: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view with times as ``HH:MM``."""
        return {
            "kind": self.kind.value,
            "visit_id": self.visit_id,
            "lat": self.point.lat,
            "lon": self.point.lon,
            "travel_s": self.travel,
            "arrival": clock(self.arrival),
            "start": clock(self.start),
            "departure": clock(self.departure),
        }


@dataclass(frozen=True)
class TeamRoute:
    """A team's day: leave the start place at ``depart``, make the stops, be back at ``back``."""

    team_id: str
    depart: int
    stops: tuple[Stop, ...]
    return_travel: int
    back: int

    @property
    def visit_ids(self) -> tuple[str, ...]:
        """The visits in route order."""
        return tuple(s.visit_id for s in self.stops if s.visit_id is not None)

    @property
    def breaks(self) -> tuple[Stop, ...]:
        """The lunch breaks of the route (one when the team needs lunch)."""
        return tuple(s for s in self.stops if s.kind is StopKind.BREAK)

    @property
    def travel_time(self) -> int:
        """Seconds spent driving, the way home included."""
        return sum(s.travel for s in self.stops) + self.return_travel

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the route."""
        return {
            "team_id": self.team_id,
            "depart": clock(self.depart),
            "back": clock(self.back),
            "travel_s": self.travel_time,
            "stops": [s.to_dict() for s in self.stops],
        }


@dataclass(frozen=True)
class UnassignedVisit:
    """A visit not in any route, with the reason a dispatcher can act on."""

    visit_id: str
    reason: Unassigned

    def message(self, lang: str = "zh-CN") -> str:
        """The reason in the dispatcher's language (``zh-CN`` or ``en``)."""
        return reason_text(self.reason, lang)


@dataclass(frozen=True)
class RoutePlan:
    """The day's plan for a :class:`~.model.RoutingProblem`.

    Every visit of the problem is either in exactly one route or in ``unassigned``.
    ``solver_feasible`` is False only when the solver returned no feasible plan.
    """

    problem: RoutingProblem
    routes: tuple[TeamRoute, ...]
    unassigned: tuple[UnassignedVisit, ...]
    solver_feasible: bool = True

    @property
    def travel_time(self) -> int:
        """Total driving seconds over all teams."""
        return sum(r.travel_time for r in self.routes)

    @property
    def assigned_ids(self) -> tuple[str, ...]:
        """Every routed visit id, route by route."""
        return tuple(v for r in self.routes for v in r.visit_ids)

    def route_of(self, team_id: str) -> TeamRoute | None:
        """The route of a team, or None when it has none."""
        return next((r for r in self.routes if r.team_id == team_id), None)

    def reason_for(self, visit_id: str) -> Unassigned | None:
        """Why a visit was left out, or None when it is routed."""
        return next((u.reason for u in self.unassigned if u.visit_id == visit_id), None)

    def to_dict(self, lang: str = "zh-CN") -> dict[str, Any]:
        """A JSON-ready view of the plan, reasons in ``lang``."""
        return {
            "travel_s": self.travel_time,
            "routes": [r.to_dict() for r in self.routes],
            "unassigned": [
                {"visit_id": u.visit_id, "reason": u.reason.value, "message": u.message(lang)}
                for u in self.unassigned
            ],
        }
