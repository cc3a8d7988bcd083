"""Turn a branch-day into a routing problem: windows, service times, skills and prizes."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.teams.coverage import CaseNeed, effective_skills, required_skills
from doorstep.teams.model import Team
from doorstep.visits.dispatch.model import BranchDay, VisitCandidate
from doorstep.visits.routing import GeoPoint, RoutingParams, RoutingProblem, TeamShift, VisitRequest

#: Minutes at the door by case type.
SERVICE_MINUTES = {"overdue_debt": 45, "loan_dispute": 45, "account_problem": 60,
                   "service_complaint": 30, "wealth_dispute": 60, "insurance_dispute": 60}
MAX_VISITS_PER_TEAM = 8
_WINDOW = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")


def seconds(at: datetime | time) -> int:
    """Seconds since local midnight."""
    return at.hour * 3600 + at.minute * 60 + at.second


def preferred_window(label: str, params: RoutingParams) -> tuple[int, int]:
    """The customer's preferred hours (``"09:00-12:00"`` after a word for the morning) inside
    the visit window."""
    found = _WINDOW.search(label or "")
    start, end = params.visit_start, params.visit_end
    if found:
        h1, m1, h2, m2 = (int(g) for g in found.groups())
        start, end = max(start, h1 * 3600 + m1 * 60), min(end, h2 * 3600 + m2 * 60)
    if end <= start:
        return params.visit_start, params.visit_end
    return start, end


def visit_id(c: VisitCandidate) -> str:
    return f"a{c.appointment_id}" if c.fixed else f"c{c.case_id}"


def team_skill(team_id: int) -> str:
    """A skill only this team has: a confirmed slot stays with the staff the customer met."""
    return f"team:{team_id}"


#: Without a screening estimate: a prior risk by priority, times amount at stake x uplift.
PRIOR_RISK = {1: 0.6, 2: 0.45, 3: 0.3, 4: 0.2, 5: 0.1}
PRIOR_UPLIFT = 0.3
#: Prize points: one per hundred yuan of expected benefit, capped, plus SLA urgency.
MAX_BENEFIT_POINTS = 10_000
URGENCY_POINTS = {"overdue": 3_000, "today": 2_000, "soon": 1_000}
#: A confirmed slot is the last thing to wait: the customer was promised the visit.
CONFIRMED_POINTS = MAX_BENEFIT_POINTS + 2 * URGENCY_POINTS["overdue"]


def expected_benefit(c: VisitCandidate) -> float:
    """Yuan the visit is expected to bring: the screening's risk x amount x uplift, or a
    prior by priority when the case has no screening estimate."""
    if c.benefit > 0:
        return c.benefit
    return float(c.amount_at_stake) * PRIOR_RISK.get(c.priority, 0.2) * PRIOR_UPLIFT


def urgency(c: VisitCandidate, day: date) -> str | None:
    """How close the case's SLA is on ``day``: overdue, today, soon (3 days) or None."""
    if c.sla_due is None:
        return None
    left = (c.sla_due.date() - day).days
    return "overdue" if left < 0 else "today" if left == 0 else "soon" if left <= 3 else None


def prize(c: VisitCandidate, day: date | None = None) -> int:
    """What decides which visits wait on an over-full day: benefit points plus urgency."""
    if c.fixed:
        return CONFIRMED_POINTS
    points = max(1, min(MAX_BENEFIT_POINTS, round(expected_benefit(c) / 100)))
    level = urgency(c, day) if day is not None else None
    return points + (URGENCY_POINTS[level] if level else 0)


def visit_request(c: VisitCandidate, params: RoutingParams, on_duty: set[int],
                  day: date | None = None) -> VisitRequest:
    """An approved visit is work the bank wants done (never optional); its prize only
    decides what waits when the day is over capacity."""
    service = SERVICE_MINUTES.get(c.case_type, 45) * 60
    need = CaseNeed(c.case_type, c.business_line, c.state, c.priority, c.overdue)
    skills = set(required_skills(need))
    if c.fixed and c.slot_start and c.slot_end:
        start, end = seconds(c.slot_start), seconds(c.slot_end)
        if c.team_id in on_duty:
            skills.add(team_skill(c.team_id))
    else:
        start, end = preferred_window(c.preferred_contact_times, params)
        end = max(start, end - service)
    try:
        return VisitRequest(visit_id(c), c.lat, c.lon, start, end, service,
                            frozenset(skills), prize(c, day), False)
    except ValueError as exc:
        raise ValidationFailed(N_("The visit data of case %(case_no)s is invalid: %(error)s"),
                               case_no=c.case_no, error=str(exc)) from None


def team_shift(team: Team, day: date) -> TeamShift:
    start, end = team.shift
    lead = team.members[0]
    skills = effective_skills(team.members[0], day) | effective_skills(team.members[1], day)
    try:
        base = GeoPoint(lead.home_lat, lead.home_lon)
        return TeamShift(str(team.id), base, base, seconds(start), seconds(end),
                         skills | {team_skill(team.id)}, MAX_VISITS_PER_TEAM)
    except ValueError as exc:
        raise ValidationFailed(N_("The shift or base of team %(team)s is invalid: %(error)s"),
                               team=team.name, error=str(exc)) from None


def build_problem(day: BranchDay, params: RoutingParams) -> RoutingProblem:
    """The routing problem of a branch-day; bad coordinates, windows or shifts are refused."""
    teams = [t for t in day.teams if t.on_duty(day.day)]
    on_duty = {t.id for t in teams}
    visits = tuple(visit_request(c, params, on_duty, day.day) for c in day.visits)
    return RoutingProblem(visits, tuple(team_shift(t, day.day) for t in teams))
