"""The independent validator catches every kind of broken plan, and passes a correct one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import pytest

from doorstep.visits.routing import (
    GeoPoint,
    HaversineMatrix,
    Pin,
    RoutePlan,
    RoutingProblem,
    Stop,
    StopKind,
    TeamRoute,
    TeamShift,
    Unassigned,
    UnassignedVisit,
    VisitRequest,
    hhmm,
    validate_plan,
)

MakeVisit = Callable[..., VisitRequest]
MakeTeam = Callable[..., TeamShift]
Item = tuple[StopKind, str | None, GeoPoint, int, int]  # kind, visit id, place, start, length

MATRIX = HaversineMatrix()


def timed_route(team: TeamShift, items: Sequence[Item], depart: int) -> TeamRoute:
    """A route whose times follow the matrix exactly: leave, drive, wait, serve, go home."""
    here, free, stops = team.start, depart, []
    for kind, visit_id, point, start, length in items:
        travel = int(MATRIX.durations([here, point])[0, 1])
        begin = max(start, free + travel)
        stops.append(Stop(kind, visit_id, point, travel, free + travel, begin, begin + length))
        here, free = point, begin + length
    back = int(MATRIX.durations([here, team.end])[0, 1])
    return TeamRoute(team.team_id, depart, tuple(stops), back, free + back)


def codes(plan: RoutePlan) -> set[str]:
    """The violation codes the validator reports."""
    return {v.code for v in validate_plan(plan)}


@pytest.fixture
def day(make_visit: MakeVisit, make_team: MakeTeam) -> tuple[RoutingProblem, TeamShift]:
    """One team and two visits: A in the morning, B after lunch."""
    team = make_team("T1")
    visits = (make_visit("A", start="09:00", end="10:00"),
              make_visit("B", north_km=0, east_km=1.5, start="13:30", end="15:00"))
    return RoutingProblem(visits, (team,)), team


def good_items(problem: RoutingProblem) -> list[Item]:
    """Visit A at 09:30, lunch near A at 11:30, visit B at 13:45."""
    a, b = problem.visit("A"), problem.visit("B")
    return [(StopKind.VISIT, "A", a.point, hhmm("09:30"), a.service),
            (StopKind.BREAK, None, a.point, hhmm("11:30"), 3600),
            (StopKind.VISIT, "B", b.point, hhmm("13:45"), b.service)]


def plan_of(problem: RoutingProblem, team: TeamShift, items: Sequence[Item],
            unassigned: tuple[UnassignedVisit, ...] = ()) -> RoutePlan:
    """A plan with the one team's route made of ``items``."""
    return RoutePlan(problem, (timed_route(team, items, hhmm("09:00")),), unassigned)


def test_a_correct_plan_has_no_violations(day: tuple[RoutingProblem, TeamShift]) -> None:
    """A hand-made plan that keeps every rule passes the validator."""
    problem, team = day
    assert validate_plan(plan_of(problem, team, good_items(problem))) == []


def test_a_visit_routed_twice_or_also_unassigned_is_caught(
    day: tuple[RoutingProblem, TeamShift]
) -> None:
    """Each visit is made at most once, and a routed visit is not also reported unassigned."""
    problem, team = day
    items = good_items(problem)
    twice = items + [(StopKind.VISIT, "A", problem.visit("A").point, hhmm("14:30"), 1800)]
    assert "visit.repeated" in codes(plan_of(problem, team, twice))
    both = plan_of(problem, team, items, (UnassignedVisit("B", Unassigned.CAPACITY),))
    assert "visit.both" in codes(both)
    assert "visit.missing" in codes(plan_of(problem, team, items[:2]))


def test_service_outside_the_window_or_visit_hours_is_caught(
    day: tuple[RoutingProblem, TeamShift]
) -> None:
    """Service must start inside the appointment window."""
    problem, team = day
    items = good_items(problem)
    items[0] = (*items[0][:3], hhmm("10:30"), items[0][4])
    assert "visit.outside_window" in codes(plan_of(problem, team, items))


def test_visits_in_quiet_hours_are_caught(make_visit: MakeVisit, make_team: MakeTeam) -> None:
    """A visit at 21:45 breaks both the 09:00-20:00 visit window and the quiet hours."""
    team = make_team("LATE", start="13:00", end="23:30", lunch=("13:00", "15:00", 60))
    late = make_visit("L", start="21:30", end="23:00")
    problem = RoutingProblem((late,), (team,))
    items: list[Item] = [(StopKind.BREAK, None, team.start, hhmm("13:00"), 3600),
                         (StopKind.VISIT, "L", late.point, hhmm("21:45"), 1800)]
    plan = RoutePlan(problem, (timed_route(team, items, hhmm("13:00")),), ())
    assert {"visit.quiet_hours", "visit.outside_visit_hours"} <= codes(plan)


def test_missing_skills_and_an_exceeded_cap_are_caught(
    make_visit: MakeVisit, make_team: MakeTeam, day: tuple[RoutingProblem, TeamShift]
) -> None:
    """A legal visit on a team without legal skills, or a route over the cap, is caught."""
    problem, team = day
    legal = replace(problem.visit("A"), skills=frozenset({"legal"}))
    skilled = RoutingProblem((legal, problem.visit("B")), (team,))
    assert "visit.skills" in codes(plan_of(skilled, team, good_items(skilled)))
    capped = replace(team, max_visits=1)
    over = RoutingProblem(problem.visits, (capped,))
    assert "team.over_cap" in codes(plan_of(over, capped, good_items(over)))


def test_a_missing_or_misplaced_lunch_break_is_caught(
    day: tuple[RoutingProblem, TeamShift]
) -> None:
    """A working team needs one full break inside its lunch window."""
    problem, team = day
    items = good_items(problem)
    assert "lunch.missing" in codes(plan_of(problem, team, [items[0], items[2]]))
    late_lunch = [items[0], (*items[1][:3], hhmm("13:00"), 3600), items[2]]
    assert "lunch.outside_window" in codes(plan_of(problem, team, late_lunch))
    short = [items[0], (*items[1][:4], 1200), items[2]]
    assert "lunch.short" in codes(plan_of(problem, team, short))


def test_travel_faster_than_the_matrix_or_a_late_return_is_caught(
    day: tuple[RoutingProblem, TeamShift]
) -> None:
    """Legs must take the matrix's travel time, and the team must be back by shift end."""
    problem, team = day
    plan = plan_of(problem, team, good_items(problem))
    route = plan.routes[0]
    b = route.stops[2]
    rushed = replace(b, travel=5, arrival=route.stops[1].departure + 5, start=hhmm("12:31"),
                     departure=hhmm("13:01"))
    fast = replace(route, stops=(*route.stops[:2], rushed))
    assert {"travel.mismatch", "travel.too_fast"} <= codes(replace(plan, routes=(fast,)))
    late = replace(route, back=hhmm("18:00"))
    assert "shift.late" in codes(replace(plan, routes=(late,)))


def test_a_pinned_visit_moved_off_its_place_is_caught(
    day: tuple[RoutingProblem, TeamShift]
) -> None:
    """A visit pinned as T1's second stop must stay T1's second stop."""
    problem, team = day
    pinned = replace(problem.visit("A"), pinned=Pin("T1", 1))
    with pytest.raises(ValueError):  # pins must start at sequence 0
        RoutingProblem((pinned, problem.visit("B")), (team,))
    first = replace(problem.visit("B"), pinned=Pin("T1", 0))
    moved = RoutingProblem((pinned, first), (team,))
    assert "pin.moved" in codes(plan_of(moved, team, good_items(moved)))
