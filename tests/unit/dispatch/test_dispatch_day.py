"""A dispatch day the dispatcher accepts: wanted work, prizes, balance, capacity, reasons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal

from doorstep.teams.model import Certificate, StaffMember, Team
from doorstep.visits.dispatch import build, explain
from doorstep.visits.dispatch.capacity import (
    balanced,
    capacity,
    estimate,
    team_capacity,
    workload,
)
from doorstep.visits.dispatch.model import BranchDay, VisitCandidate
from doorstep.visits.dispatch.solve import solve_day
from doorstep.visits.routing import (
    GeoPoint,
    HaversineMatrix,
    RoutingParams,
    RoutingProblem,
    TeamShift,
    Unassigned,
    VisitRequest,
    validate_plan,
)

DAY = date(2026, 12, 2)
PARAMS = replace(RoutingParams(), seconds=1.0)
BASE = GeoPoint(22.54, 114.05)


def _candidate(n: int, **kw: object) -> VisitCandidate:
    values: dict[str, object] = dict(
        case_id=n, case_no=f"AJ{n:06d}", customer_name="张伟", lat=22.54 + n * 0.001,
        lon=114.06, case_type="service_complaint", business_line="deposit", state="assigned",
        priority=3, amount_at_stake=Decimal("50000"), overdue=False)
    values.update(kw)
    return VisitCandidate(**values)  # type: ignore[arg-type]


def _team(n: int, cap: int = 8, start: int = 9 * 3600, end: int = 18 * 3600) -> TeamShift:
    return TeamShift(str(n), BASE, BASE, start, end, frozenset(), cap)


def _visits(k: int, prize: int = 10) -> tuple[VisitRequest, ...]:
    return tuple(VisitRequest(f"c{i}", 22.54 + (i % 7) * 0.003, 114.05 + (i // 7) * 0.003,
                              9 * 3600, 17 * 3600, 30 * 60, frozenset(), prize + i, False)
                 for i in range(k))


def test_flexible_approved_visit_is_wanted_work_with_a_benefit_prize() -> None:
    """An approved flexible visit is never optional; its prize is its screening benefit."""
    c = _candidate(1, benefit=250_000.0)
    v = build.visit_request(c, PARAMS, set(), DAY)
    assert v.optional is False
    assert v.prize == 2_500  # one point per hundred yuan of expected benefit


def test_prize_grows_with_benefit_and_sla_urgency() -> None:
    """Without a screening estimate the prior benefit is used; an overdue SLA adds urgency."""
    plain = build.prize(_candidate(1), DAY)
    assert plain == round(50_000 * 0.3 * 0.3 / 100)
    overdue = build.prize(_candidate(1, sla_due=datetime(2026, 12, 1, 17)), DAY)
    due_today = build.prize(_candidate(1, sla_due=datetime(2026, 12, 2, 17)), DAY)
    assert overdue > due_today > plain
    assert build.prize(_candidate(1, appointment_id=5, slot_start=datetime(2026, 12, 2, 10),
                                  slot_end=datetime(2026, 12, 2, 11)), DAY) > overdue


def test_day_within_capacity_routes_every_visit_spread_over_every_team() -> None:
    """20 visits for 4 teams: all routed, every team works, at most 2 visits apart."""
    problem = RoutingProblem(_visits(20), tuple(_team(i) for i in range(1, 5)))
    solved = solve_day(problem, PARAMS, seed=0)
    assert len(solved.plan.assigned_ids) == 20
    spread = workload(solved.plan)
    assert spread.teams_used == 4 and spread.max_visits - spread.min_visits <= 2
    assert validate_plan(solved.plan, PARAMS, solved.matrix) == []


def test_over_capacity_day_keeps_the_most_valuable_visits() -> None:
    """One team capped at 3 of 6 wanted visits: the three with the highest prizes are made."""
    visits = tuple(replace(v, prize=p) for v, p in zip(_visits(6), (5, 900, 7, 800, 6, 700),
                                                       strict=True))
    solved = solve_day(RoutingProblem(visits, (_team(1, cap=3),)), PARAMS, seed=0)
    assert set(solved.plan.assigned_ids) == {"c1", "c3", "c5"}
    assert {u.reason for u in solved.plan.unassigned} == {Unassigned.CAPACITY}


def test_capacity_bound_is_working_time_over_visit_time_within_the_cap() -> None:
    """A 9-hour shift less lunch over 45-minute visits is 10, capped at the team's 8; the
    board's bound never counts more visits than the day holds that the teams can serve."""
    assert team_capacity(_team(1, cap=12), 45 * 60) == 10
    assert team_capacity(_team(1, cap=8), 45 * 60) == 8
    problem = RoutingProblem(_visits(4), (_team(1), _team(2, cap=2)))
    assert estimate(problem, HaversineMatrix()) == 8 + 2
    assert capacity(problem) == 4
    assert capacity(RoutingProblem(_visits(14), problem.teams)) == 8 + 2


def test_balanced_caps_are_an_even_share_of_the_day() -> None:
    """Six visits over three teams: caps of the share plus one, or exactly the share."""
    problem = RoutingProblem(_visits(6), (_team(1), _team(2), _team(3)))
    assert [t.max_visits for t in balanced(problem).teams] == [3, 3, 3]
    assert [t.max_visits for t in balanced(problem, 6, slack=0).teams] == [2, 2, 2]


def _member(n: int, skills: tuple[str, ...], certs: tuple[Certificate, ...] = ()) -> StaffMember:
    return StaffMember(n, f"S{n}", f"员工{n}", "customer_manager", frozenset(skills), 1, 22.54,
                       114.05, time(9), time(18), (1, 2, 3, 4, 5, 6, 7), certs)


def _day(teams: tuple[Team, ...], visits: tuple[VisitCandidate, ...]) -> BranchDay:
    return BranchDay(1, "FT01", "福田支行", 22.54, 114.05, DAY, teams, visits)


LOAD = explain.DayLoad(need_minutes=600, have_minutes=480, cap=8)


def test_missing_skill_is_named_and_a_capable_team_proposed() -> None:
    """No team on duty has the legal skill: the reason names it, and a team that has it
    (off today) is proposed for the next day it works."""
    lawyer = _member(3, ("legal",), (Certificate("legal_professional", date(2030, 1, 1)),))
    off = Team(2, "法务组", 1, (lawyer, replace(_member(4, ()), weekdays=(4,))))
    on = Team(1, "一组", 1, (_member(1, ("loans",)), _member(2, ())))
    visit = VisitRequest("c1", 22.54, 114.06, 9 * 3600, 17 * 3600, 1800, frozenset({"legal"}))
    text = explain.why(Unassigned.NO_SKILLED_TEAM, visit, _day((on, off), ()), LOAD, "")
    assert "法律" in text["message"] and "Legal" in text["message_en"]
    fixes = explain.fixes(Unassigned.NO_SKILLED_TEAM, visit, _day((on, off), ()),
                          [date(2026, 12, 3)], None)
    assert fixes[0]["code"] == "routing.fix.assign_team" and "法务组" in fixes[0]["message"]


def test_lapsed_certificate_is_named() -> None:
    """A member has the wealth skill but their certificate lapsed: the reason says so."""
    lapsed = (Certificate("wealth_advisor", date(2026, 1, 1)),)
    team = Team(1, "一组", 1, (_member(1, ("wealth",), lapsed), _member(2, ())))
    visit = VisitRequest("c1", 22.54, 114.06, 9 * 3600, 17 * 3600, 1800, frozenset({"wealth"}))
    text = explain.why(Unassigned.NO_SKILLED_TEAM, visit, _day((team,), ()), LOAD, "")
    assert text["code"] == "routing.why.certificate" and "理财师" in text["message"]


def test_over_capacity_says_by_how_many_minutes_and_proposes_a_day_with_room() -> None:
    """A capacity reason gives the minutes over, and the fixes move it to a day with room."""
    team = Team(1, "一组", 1, (_member(1, ()), _member(2, ())))
    c = _candidate(1)
    visit = build.visit_request(c, PARAMS, {1}, DAY)
    text = explain.why(Unassigned.CAPACITY, visit, _day((team,), (c,)), LOAD, "")
    assert "120 分钟" in text["message"] and "120 minutes" in text["message_en"]
    moves = explain.propose_days([c], [(date(2026, 12, 3), 0), (date(2026, 12, 4), 2)])
    assert moves == {1: (date(2026, 12, 4), 2)}
    fixes = explain.fixes(Unassigned.CAPACITY, visit, _day((team,), (c,)), [], moves[1])
    assert [f["code"] for f in fixes] == ["routing.fix.move_day", "routing.fix.add_team"]
    assert "2026-12-04" in fixes[0]["message"]


def test_window_before_every_shift_proposes_starting_earlier() -> None:
    """A 08:00-09:00 window before an 11:00 shift: start that team earlier, or rebook."""
    late = Team(1, "晚班组", 1, (replace(_member(1, ()), shift_start=time(11)), _member(2, ())))
    visit = VisitRequest("c1", 22.54, 114.06, 8 * 3600, 9 * 3600, 1800, frozenset())
    fixes = explain.fixes(Unassigned.WINDOW_OUTSIDE_SHIFT, visit, _day((late,), ()), [], None)
    assert fixes[0]["code"] == "routing.fix.earlier_shift" and "07:30" in fixes[0]["message"]
    assert fixes[1]["code"] == "routing.fix.rebook"
