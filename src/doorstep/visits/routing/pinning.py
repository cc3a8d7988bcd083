"""Where and when each team can take new work, after the visits it has already started.

A pinned (started) visit never moves: the planner schedules each team's pinned visits, and
its pinned lunch break, as a fixed prefix of its route, and lets the solver plan only what
follows, from the place and time the prefix ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import GeoPoint, PinnedBreak, RoutingProblem, TeamShift, VisitRequest
from .plan import Stop, StopKind
from .travel import TravelMatrix


@dataclass(frozen=True)
class TeamStart:
    """A team's fixed prefix and the place and time its remaining day begins."""

    team: TeamShift
    point: GeoPoint
    ready: int
    depart: int
    prefix: tuple[Stop, ...]
    lunch_done: bool

    @property
    def pinned_count(self) -> int:
        """How many pinned visits the prefix holds."""
        return sum(1 for s in self.prefix if s.kind is StopKind.VISIT)

    @property
    def visit_room(self) -> int:
        """How many more visits the team may make under its cap."""
        return max(0, self.team.max_visits - self.pinned_count)

    @property
    def needs_lunch(self) -> bool:
        """Whether the solver must still fit a lunch break into this team's day.

        Not when the break is already taken, nor when re-planning starts too late for it
        (the validator then reports the missed break; the planner cannot undo the past).
        """
        team = self.team
        room = min(team.lunch_end, team.shift_end) - max(self.ready, team.lunch_start)
        return team.needs_lunch and not self.lunch_done and room >= team.lunch_duration


def team_starts(problem: RoutingProblem, matrix: TravelMatrix) -> list[TeamStart]:
    """Schedule every team's pinned prefix and say when its free day starts.

    Parameters
    ----------
    problem
        The day to plan; ``problem.now`` delays every team's new work.
    matrix
        Travel times between places.

    Returns
    -------
    list[TeamStart]
        One entry per team, in the problem's team order.
    """
    return [
        _team_start(
            team,
            problem.pinned_visits(team.team_id),
            problem.pinned_break(team.team_id),
            matrix,
            problem.now or 0,
        )
        for team in problem.teams
    ]


def _team_start(
    team: TeamShift,
    pinned: list[VisitRequest],
    brk: PinnedBreak | None,
    matrix: TravelMatrix,
    now: int,
) -> TeamStart:
    stops: list[Stop] = []
    here, clock_at = team.start, team.shift_start
    for position, visit in enumerate([*pinned, None]):
        moved_first = False
        if brk is not None and brk.after_sequence == position:
            where, travel = here, 0
            if visit is not None:  # the break may have been taken at the next address
                leg = int(matrix.durations([here, visit.point])[0, 1])
                here_first = max(clock_at, brk.start) + team.lunch_duration + leg
                there_first = max(clock_at + leg, brk.start) + team.lunch_duration
                if there_first <= here_first:
                    where, travel, moved_first = visit.point, leg, True
            begin = max(clock_at + travel, brk.start)
            stops.append(Stop(StopKind.BREAK, None, where, travel, clock_at + travel, begin,
                              begin + team.lunch_duration))
            here, clock_at = where, begin + team.lunch_duration
        if visit is None:
            break
        travel = 0 if moved_first else int(matrix.durations([here, visit.point])[0, 1])
        arrival = clock_at + travel
        pinned_start = visit.pinned.start if visit.pinned and visit.pinned.start else 0
        begin = max(arrival, visit.window_start, pinned_start)
        stops.append(Stop(StopKind.VISIT, visit.id, visit.point, travel, arrival, begin,
                          begin + visit.service))
        here, clock_at = visit.point, begin + visit.service
    depart = team.shift_start
    if stops and stops[0].kind is StopKind.VISIT:
        depart += stops[0].start - stops[0].arrival  # leave late rather than wait at the door
        stops[0] = Stop(StopKind.VISIT, stops[0].visit_id, stops[0].point, stops[0].travel,
                        stops[0].start, stops[0].start, stops[0].departure)
    return TeamStart(team, here, max(clock_at, now), depart, tuple(stops), brk is not None)
