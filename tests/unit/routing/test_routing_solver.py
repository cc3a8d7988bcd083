"""plan_routes: skills, lunch, windows, capacity and prizes, with reasons for what is left out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from doorstep.visits.routing import (
    GeoPoint,
    RoutePlan,
    RoutingParams,
    RoutingProblem,
    StopKind,
    TeamShift,
    Unassigned,
    VisitRequest,
    hhmm,
    plan_routes,
    validate_plan,
)
from doorstep.visits.routing.travel import IntMatrix

MakeVisit = Callable[..., VisitRequest]
MakeTeam = Callable[..., TeamShift]


def solve(
    visits: Sequence[VisitRequest], teams: Sequence[TeamShift], params: RoutingParams
) -> RoutePlan:
    """Plan the day and insist that the independent validator finds nothing wrong."""
    plan = plan_routes(RoutingProblem(tuple(visits), tuple(teams)), params, seed=3)
    assert validate_plan(plan, params) == []
    return plan


def test_a_visit_needing_a_skill_goes_only_to_a_team_with_it(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """A visit needing "legal" is routed only to a team with a legal advisor."""
    visits = [make_visit(f"L{i}", east_km=i, skills=("legal",)) for i in range(3)]
    visits += [make_visit(f"C{i}", north_km=-i, skills=("cards",)) for i in range(3)]
    teams = [make_team("T1"), make_team("T2", skills=("loans", "cards", "legal"))]
    plan = solve(visits, teams, params)
    assert plan.unassigned == ()
    legal_route = plan.route_of("T2")
    assert legal_route is not None
    assert {"L0", "L1", "L2"} <= set(legal_route.visit_ids)


def test_a_visit_no_team_can_serve_is_unassigned_with_the_skills_reason(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """With no technician on duty, an account-fault visit is left out for lack of skills."""
    plan = solve([make_visit("V1", skills=("technical",)), make_visit("V2")],
                 [make_team("T1")], params)
    assert plan.assigned_ids == ("V2",)
    (left,) = plan.unassigned
    assert left.reason is Unassigned.NO_SKILLED_TEAM
    assert left.message() == "没有具备所需技能的团队"
    assert "skills" in left.message("en")


def test_every_working_team_takes_one_lunch_break_inside_its_window(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """Each team with visits takes exactly one break of its full length in its lunch window."""
    visits = [make_visit(f"V{i}", north_km=i % 4, east_km=i // 4) for i in range(10)]
    visits.append(make_visit("NOON", start="12:00", end="12:15"))
    plan = solve(visits, [make_team("T1"), make_team("T2", lunch=("12:00", "14:00", 45))],
                 params)
    assert len(plan.routes) >= 1
    for route in plan.routes:
        (brk,) = route.breaks
        team = plan.problem.team(route.team_id)
        assert team.lunch_start <= brk.start and brk.departure <= team.lunch_end
        assert brk.departure - brk.start >= team.lunch_duration


def test_service_starts_inside_each_appointment_window(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """Every visit starts inside its booked slot, so the route follows the slots in time."""
    slots = {"A": ("15:00", "15:10"), "B": ("09:30", "09:40"), "C": ("10:30", "10:45"),
             "D": ("14:00", "14:05")}
    visits = [make_visit(k, east_km=i, start=s, end=e) for i, (k, (s, e)) in
              enumerate(slots.items())]
    plan = solve(visits, [make_team("T1")], params)
    (route,) = plan.routes
    assert route.visit_ids == ("B", "C", "D", "A")
    for stop in route.stops:
        if stop.kind is StopKind.VISIT and stop.visit_id is not None:
            start, end = slots[stop.visit_id]
            assert hhmm(start) <= stop.start <= hhmm(end)


def test_a_full_day_leaves_visits_unassigned_for_capacity_without_crashing(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """Over the visit cap or the hours of the day, the rest is unassigned for capacity."""
    capped = solve([make_visit(f"V{i}", east_km=i / 2) for i in range(6)],
                   [make_team("T1", max_visits=3)], params)
    assert len(capped.assigned_ids) == 3
    assert {u.reason for u in capped.unassigned} == {Unassigned.CAPACITY}
    assert capped.unassigned[0].message() == "超出团队当日容量"
    long_visits = [make_visit(f"L{i}", east_km=i / 3, service_min=90) for i in range(8)]
    busy = solve(long_visits, [make_team("T1")], params)
    assert 3 <= len(busy.assigned_ids) < 8
    assert len(busy.unassigned) == 8 - len(busy.assigned_ids)


def test_an_optional_visit_is_made_only_when_its_prize_outweighs_the_travel(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """A near optional visit is made; a far one with a small prize is dropped as not worth it."""
    visits = [make_visit("NEAR", north_km=0.5, prize=5, optional=True),
              make_visit("FAR", north_km=15, prize=5, optional=True)]
    plan = solve(visits, [make_team("T1")], params)
    assert plan.assigned_ids == ("NEAR",)
    assert plan.reason_for("FAR") is Unassigned.NOT_WORTH_IT


def test_wanted_and_high_prize_visits_win_the_last_places(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """With room for two visits, the wanted one and the higher-prize optional one are made."""
    visits = [make_visit("WANTED", north_km=3), make_visit("RICH", east_km=2, prize=80,
              optional=True), make_visit("POOR", east_km=-2, prize=10, optional=True)]
    plan = solve(visits, [make_team("T1", max_visits=2)], params)
    assert set(plan.assigned_ids) == {"WANTED", "RICH"}
    assert plan.reason_for("POOR") is Unassigned.NOT_WORTH_IT


def test_impossible_visits_get_specific_reasons(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """Quiet hours, a slot after the shift, and an unreachable slot each get their reason."""
    visits = [
        make_visit("NIGHT", start="21:00", end="22:00"),
        make_visit("DAWN", start="07:00", end="08:00"),
        make_visit("EVENING", start="18:00", end="19:00"),
        make_visit("FARAWAY", north_km=60, start="09:00", end="09:30"),
    ]
    plan = solve(visits, [make_team("T1")], params)
    assert plan.routes == ()
    assert plan.reason_for("NIGHT") is Unassigned.OUTSIDE_VISIT_HOURS
    assert plan.reason_for("DAWN") is Unassigned.OUTSIDE_VISIT_HOURS
    assert plan.reason_for("EVENING") is Unassigned.WINDOW_OUTSIDE_SHIFT
    assert plan.reason_for("FARAWAY") is Unassigned.UNREACHABLE
    evening = next(u for u in plan.unassigned if u.visit_id == "EVENING")
    assert evening.message() == "时间窗与班次不重叠"


def test_a_day_without_teams_leaves_every_visit_unassigned(
    make_visit: MakeVisit, params: RoutingParams
) -> None:
    """With no team on duty, every visit is unassigned with the no-team reason."""
    plan = solve([make_visit("V1"), make_visit("V2")], [], params)
    assert [u.reason for u in plan.unassigned] == [Unassigned.NO_TEAM] * 2


class TenMinutesEverywhere:
    """A stand-in road-network matrix: ten minutes between any two distinct places."""

    def durations(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """600 s off the diagonal."""
        n = len(points)
        same = np.array([[a == b for b in points] for a in points])
        return np.where(same | np.eye(n, dtype=bool), 0, 600).astype(np.int64)

    def distances(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """5 km off the diagonal."""
        return self.durations(points) * 8


def test_a_road_network_matrix_can_replace_the_haversine_estimate(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """Any TravelMatrix drives planning and validation: every leg here takes 600 s or 0 s."""
    matrix = TenMinutesEverywhere()
    visits = [make_visit(f"V{i}", east_km=i) for i in range(4)]
    problem = RoutingProblem(tuple(visits), (make_team("T1"),))
    plan = plan_routes(problem, params, seed=3, matrix=matrix)
    assert validate_plan(plan, params, matrix) == []
    (route,) = plan.routes
    assert {s.travel for s in route.stops} | {route.return_travel} <= {0, 600}
    assert route.travel_time == 600 * 5
