"""Re-planning: started visits stay pinned to their team, order and time; the rest moves."""

from __future__ import annotations

from collections.abc import Callable

from doorstep.visits.routing import (
    Pin,
    PlanChanges,
    RoutePlan,
    RoutingParams,
    RoutingProblem,
    TeamShift,
    VisitRequest,
    hhmm,
    plan_routes,
    replan,
    validate_plan,
)

MakeVisit = Callable[..., VisitRequest]
MakeTeam = Callable[..., TeamShift]


def morning_plan(make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams) -> RoutePlan:
    """Two teams, fourteen 45-minute visits: half in the morning, half in the afternoon."""
    visits = [make_visit(f"V{i:02d}", north_km=(i % 4) - 1.5, east_km=(i // 4) - 1,
                         start="09:00" if i % 2 else "13:00", end="12:00" if i % 2 else "17:00",
                         service_min=45)
              for i in range(14)]
    problem = RoutingProblem(tuple(visits), (make_team("T1"), make_team("T2")))
    plan = plan_routes(problem, params, seed=5)
    assert validate_plan(plan, params) == [] and plan.unassigned == ()
    return plan


def started_before(plan: RoutePlan, now: int) -> dict[str, list[tuple[str, int]]]:
    """Each team's visits started before ``now``: (visit id, start) in route order."""
    return {
        r.team_id: [(s.visit_id, s.start) for s in r.stops if s.visit_id and s.start < now]
        for r in plan.routes
    }


def test_started_visits_keep_their_team_order_and_time_when_a_team_drops_out(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """After T2 drops out at 11:00, started visits stay put and T2 takes nothing new."""
    before = morning_plan(make_visit, make_team, params)
    now = hhmm("11:00")
    started = started_before(before, now)
    assert started["T1"] and started["T2"]
    after = replan(before, PlanChanges(now=now, dropped_teams=frozenset({"T2"})), params,
                   seed=5)
    assert validate_plan(after, params) == []
    for team_id, done in started.items():
        route = after.route_of(team_id)
        assert route is not None
        assert [(s.visit_id, s.start) for s in route.stops if s.visit_id][: len(done)] == done
    dropped, kept = after.route_of("T2"), after.route_of("T1")
    assert dropped is not None and len(dropped.visit_ids) == len(started["T2"])
    assert kept is not None
    new = [s for s in kept.stops if s.visit_id and (s.visit_id, s.start) not in started["T1"]]
    assert new and all(s.start >= now for s in new)


def test_a_moved_appointment_is_planned_in_its_new_slot(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """A customer who moves the appointment to 16:00-16:30 is visited in that slot."""
    before = morning_plan(make_visit, make_team, params)
    now = hhmm("10:00")
    moved = next(s.visit_id for r in before.routes for s in r.stops
                 if s.visit_id and s.start >= now)
    assert moved is not None
    changes = PlanChanges(now=now, moved={moved: (hhmm("16:00"), hhmm("16:30"))},
                          cancelled=frozenset())
    after = replan(before, changes, params, seed=5)
    assert validate_plan(after, params) == []
    stop = next(s for r in after.routes for s in r.stops if s.visit_id == moved)
    assert hhmm("16:00") <= stop.start <= hhmm("16:30")


def test_a_cancelled_visit_leaves_the_plan(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """A visit cancelled before it started is neither routed nor reported unassigned."""
    before = morning_plan(make_visit, make_team, params)
    last = before.routes[0].visit_ids[-1]
    after = replan(before, PlanChanges(now=hhmm("09:00"), cancelled=frozenset({last})),
                   params, seed=5)
    assert last not in after.assigned_ids and after.reason_for(last) is None
    assert validate_plan(after, params) == []


def test_pins_given_up_front_are_kept_in_place(
    make_visit: MakeVisit, make_team: MakeTeam, params: RoutingParams
) -> None:
    """Visits pinned to T1 at positions 0 and 1 open T1's route, in that order."""
    visits = [
        make_visit("FIRST", east_km=4, pinned=Pin("T1", 0)),
        make_visit("SECOND", east_km=-4, pinned=Pin("T1", 1)),
        *(make_visit(f"V{i}", north_km=i - 2) for i in range(5)),
    ]
    problem = RoutingProblem(tuple(visits), (make_team("T1"), make_team("T2")))
    plan = plan_routes(problem, params, seed=5)
    assert validate_plan(plan, params) == []
    route = plan.route_of("T1")
    assert route is not None and route.visit_ids[:2] == ("FIRST", "SECOND")


def test_break_taken_at_the_next_address_keeps_that_visits_start() -> None:
    """A team drove to its first customer, lunched there 11:30-12:30 and started at 12:30:
    re-planned, the visit still starts at 12:30 (the break is placed at that address)."""
    from doorstep.visits.routing import GeoPoint, HaversineMatrix, PinnedBreak
    from doorstep.visits.routing.pinning import team_starts

    home = GeoPoint(22.50, 114.00)
    team = TeamShift("T1", home, home, hhmm("09:00"), hhmm("18:00"))
    visit = VisitRequest("V1", 22.55, 114.05, hhmm("12:00"), hhmm("13:00"), 2700,
                         pinned=Pin("T1", 0, hhmm("12:30")))
    problem = RoutingProblem((visit,), (team,), (PinnedBreak("T1", 0, hhmm("11:30")),),
                             now=hhmm("13:00"))
    start = team_starts(problem, HaversineMatrix())[0]
    lunch, first = start.prefix
    assert lunch.point == visit.point and lunch.start == hhmm("11:30")
    assert first.start == hhmm("12:30") and first.travel == 0
