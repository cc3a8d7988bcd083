"""What the route planner is asked: the day's visits, the teams' shifts, and pinned work.

Every value validates itself at construction and raises :class:`ValueError` with a clear
message, so a bad coordinate, window or shift is refused before any solving starts.
Times are integer seconds since local midnight (see :mod:`.timeofday`); durations are
seconds.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from .timeofday import DAY, clock


def _check_time(value: int, what: str) -> None:
    if not 0 <= value <= DAY:
        raise ValueError(f"{what} must be a time of day in [0, {DAY}] seconds, got {value}")


def _check_window(start: int, end: int, what: str, *, strict: bool = False) -> None:
    _check_time(start, f"{what} start")
    _check_time(end, f"{what} end")
    if end < start or (strict and end == start):
        relation = "after" if strict else "at or after"
        raise ValueError(
            f"{what} must end {relation} its start, got {clock(start)}-{clock(end)}"
        )


def _check_duration(value: int, what: str) -> None:
    if value < 0:
        raise ValueError(f"{what} cannot be negative, got {value} s")


def _check_id(value: str, what: str) -> None:
    if not value or not value.strip():
        raise ValueError(f"{what} cannot be empty")


@dataclass(frozen=True)
class GeoPoint:
    """A place on the map in WGS-84 degrees; NaN or out-of-range coordinates are refused."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lat) and -90.0 <= self.lat <= 90.0):
            raise ValueError(f"latitude must be a number in [-90, 90], got {self.lat}")
        if not (math.isfinite(self.lon) and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"longitude must be a number in [-180, 180], got {self.lon}")


@dataclass(frozen=True)
class Pin:
    """A started visit's place in a team's route: it stays on ``team_id`` at ``sequence``.

    ``start`` is the known (actual or promised) start of service, if any; the planner never
    schedules the visit earlier than that.
    """

    team_id: str
    sequence: int
    start: int | None = None

    def __post_init__(self) -> None:
        _check_id(self.team_id, "pinned team id")
        if self.sequence < 0:
            raise ValueError(f"pinned sequence cannot be negative, got {self.sequence}")
        if self.start is not None:
            _check_time(self.start, "pinned start")


@dataclass(frozen=True)
class VisitRequest:
    """One home visit to route.

    ``window_start``/``window_end`` bound the start of service (the customer's agreed slot);
    ``service`` is the time spent at the door. A visit needs a team whose skills cover
    ``skills``. An ``optional`` visit is made only when its ``prize`` (screening benefit) is
    worth the travel; a visit that is not optional is made whenever the day has room.
    """

    id: str
    lat: float
    lon: float
    window_start: int
    window_end: int
    service: int
    skills: frozenset[str] = frozenset()
    prize: int = 0
    optional: bool = False
    pinned: Pin | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "visit id")
        try:
            GeoPoint(self.lat, self.lon)
        except ValueError as exc:
            raise ValueError(f"visit {self.id}: {exc}") from None
        _check_window(self.window_start, self.window_end, f"visit {self.id} time window")
        _check_duration(self.service, f"visit {self.id} service duration")
        _check_duration(self.prize, f"visit {self.id} prize")
        object.__setattr__(self, "skills", frozenset(self.skills))

    @property
    def point(self) -> GeoPoint:
        """Where the visit takes place."""
        return GeoPoint(self.lat, self.lon)


@dataclass(frozen=True)
class TeamShift:
    """A team of two on duty for the day: where it starts and ends, its hours and skills.

    The lunch break of ``lunch_duration`` seconds must lie inside
    ``[lunch_start, lunch_end]``; a duration of 0 means no break is required.
    """

    team_id: str
    start: GeoPoint
    end: GeoPoint
    shift_start: int
    shift_end: int
    skills: frozenset[str] = frozenset()
    max_visits: int = 12
    lunch_start: int = 11 * 3600 + 30 * 60
    lunch_end: int = 13 * 3600 + 30 * 60
    lunch_duration: int = 3600

    def __post_init__(self) -> None:
        _check_id(self.team_id, "team id")
        who = f"team {self.team_id}"
        _check_window(self.shift_start, self.shift_end, f"{who} shift", strict=True)
        _check_window(self.lunch_start, self.lunch_end, f"{who} lunch window")
        _check_duration(self.lunch_duration, f"{who} lunch duration")
        if self.max_visits < 0:
            raise ValueError(f"{who} visit cap cannot be negative, got {self.max_visits}")
        if self.lunch_duration:
            room = min(self.lunch_end, self.shift_end) - max(self.lunch_start, self.shift_start)
            if room < self.lunch_duration:
                raise ValueError(
                    f"{who}: a {self.lunch_duration // 60}-minute lunch break does not fit in "
                    f"its lunch window {clock(self.lunch_start)}-{clock(self.lunch_end)} "
                    f"within the shift {clock(self.shift_start)}-{clock(self.shift_end)}"
                )
        object.__setattr__(self, "skills", frozenset(self.skills))

    @property
    def needs_lunch(self) -> bool:
        """Whether the team must take a lunch break."""
        return self.lunch_duration > 0


@dataclass(frozen=True)
class PinnedBreak:
    """A lunch break already started: taken after the team's first ``after_sequence`` visits."""

    team_id: str
    after_sequence: int
    start: int

    def __post_init__(self) -> None:
        _check_id(self.team_id, "pinned break team id")
        if self.after_sequence < 0:
            raise ValueError(f"after_sequence cannot be negative, got {self.after_sequence}")
        _check_time(self.start, "pinned break start")


@dataclass(frozen=True)
class RoutingProblem:
    """A branch-day to plan: visits, teams, work already started, and the planning time.

    ``now`` (seconds since midnight), when given, is the earliest time new work may start:
    re-planning at 11:00 never schedules an unstarted visit before 11:00.
    """

    visits: tuple[VisitRequest, ...]
    teams: tuple[TeamShift, ...]
    pinned_breaks: tuple[PinnedBreak, ...] = ()
    now: int | None = None
    _visits: dict[str, VisitRequest] = field(init=False, repr=False, compare=False)
    _teams: dict[str, TeamShift] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "visits", tuple(self.visits))
        object.__setattr__(self, "teams", tuple(self.teams))
        object.__setattr__(self, "pinned_breaks", tuple(self.pinned_breaks))
        _refuse_duplicates([v.id for v in self.visits], "visit")
        _refuse_duplicates([t.team_id for t in self.teams], "team")
        object.__setattr__(self, "_visits", {v.id: v for v in self.visits})
        object.__setattr__(self, "_teams", {t.team_id: t for t in self.teams})
        if self.now is not None:
            _check_time(self.now, "planning time 'now'")
        self._check_pins()

    def _check_pins(self) -> None:
        for team_id in {v.pinned.team_id for v in self.visits if v.pinned} - set(self._teams):
            raise ValueError(f"a visit is pinned to team {team_id}, which is not on duty")
        for team in self.teams:
            sequences = sorted(p.sequence for p in self._pins(team.team_id))
            if sequences != list(range(len(sequences))):
                raise ValueError(
                    f"pinned visits of team {team.team_id} must have sequences 0..n-1 "
                    f"without gaps, got {sequences}"
                )
        _refuse_duplicates([b.team_id for b in self.pinned_breaks], "pinned break of team")
        for brk in self.pinned_breaks:
            if brk.team_id not in self._teams:
                raise ValueError(f"a break is pinned to team {brk.team_id}, which is not on duty")
            if brk.after_sequence > len(self._pins(brk.team_id)):
                raise ValueError(f"team {brk.team_id}'s pinned break follows unpinned visits")

    def _pins(self, team_id: str) -> list[Pin]:
        return [v.pinned for v in self.visits if v.pinned and v.pinned.team_id == team_id]

    def visit(self, visit_id: str) -> VisitRequest:
        """The visit with this id (``KeyError`` if unknown)."""
        return self._visits[visit_id]

    def team(self, team_id: str) -> TeamShift:
        """The team with this id (``KeyError`` if unknown)."""
        return self._teams[team_id]

    def has_team(self, team_id: str) -> bool:
        """Whether a team with this id is on duty."""
        return team_id in self._teams

    def pinned_visits(self, team_id: str) -> list[VisitRequest]:
        """The team's pinned visits in route order."""
        pinned = [v for v in self.visits if v.pinned and v.pinned.team_id == team_id]
        return sorted(pinned, key=lambda v: v.pinned.sequence if v.pinned else 0)

    def pinned_break(self, team_id: str) -> PinnedBreak | None:
        """The team's already started lunch break, if any."""
        return next((b for b in self.pinned_breaks if b.team_id == team_id), None)


def _refuse_duplicates(ids: list[str], what: str) -> None:
    repeated = sorted(key for key, count in Counter(ids).items() if count > 1)
    if repeated:
        raise ValueError(f"each {what} id must be unique; repeated: {', '.join(repeated)}")
