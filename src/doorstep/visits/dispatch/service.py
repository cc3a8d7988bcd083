"""Dispatch use cases: plan a branch-day's routes, re-plan it, read the stored plan."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import BANK_TZ, local, utc
from doorstep.core.errors import NotFound, ValidationFailed
from doorstep.core.i18n import N_, Msg, codes, join_messages
from doorstep.core.uow import UnitOfWork
from doorstep.visits.dispatch import snapshot
from doorstep.visits.dispatch.build import build_problem
from doorstep.visits.dispatch.capacity import capacity
from doorstep.visits.dispatch.explain import explained, propose_days
from doorstep.visits.dispatch.model import BranchDay, StoredPlan, StoredStop, seconds_into
from doorstep.visits.dispatch.notify import longer, tell_teams, unpromise
from doorstep.visits.dispatch.solve import Solved, plan_stats, solve_day
from doorstep.visits.routing import (
    PlanChanges,
    RoutePlan,
    RoutingParams,
    StopKind,
    TravelMatrix,
    clock,
    validate_plan,
)
from doorstep.visits.routing.replan import replanned_problem


@dataclass(frozen=True)
class DayPlan:
    """A planned branch-day: what was asked, the solver's plan and what was stored."""

    day: BranchDay
    plan: RoutePlan
    stored: StoredPlan
    seconds: float


def _at(day: date, secs: int) -> datetime:
    local_dt = datetime.combine(day, datetime.min.time(), tzinfo=BANK_TZ) + timedelta(
        seconds=secs)
    return utc(local_dt).replace(tzinfo=None)


def _stops(plan: RoutePlan, day: BranchDay) -> tuple[StoredStop, ...]:
    by_id = {(f"a{c.appointment_id}" if c.fixed else f"c{c.case_id}"): c for c in day.visits}
    out: list[StoredStop] = []
    for route in plan.routes:
        seq = 0
        for stop in route.stops:
            if stop.kind is not StopKind.VISIT or stop.visit_id is None:
                continue
            c = by_id.get(stop.visit_id)
            if c is None:  # a started visit since cancelled in the bank's data
                continue
            out.append(StoredStop(int(route.team_id), c.case_id, c.appointment_id, seq,
                                  _at(day.day, stop.start), _at(day.day, stop.departure),
                                  round(stop.travel / 60)))
            seq += 1
    return tuple(out)


#: Days ahead the board looks at for room when a visit must wait.
DAYS_AHEAD = 7
#: The most a started visit may be said to run over, in minutes.
MAX_RUNNING_LONG = 240

codes({
    "dispatch.not_our_team": N_("Team %(team)s is not of this branch"),
    "dispatch.not_started": N_("The visit of case %(case)s is not in the route or has not "
                               "started, so it cannot run long"),
    "dispatch.bad_minutes": N_("Extra minutes must be between 1 and %(most)s"),
})


class NotOurTeam(ValidationFailed):
    code = "dispatch.not_our_team"


class NotStarted(ValidationFailed):
    code = "dispatch.not_started"


class BadMinutes(ValidationFailed):
    code = "dispatch.bad_minutes"


def _absent(stored: StoredPlan | None) -> frozenset[int]:
    """Teams recorded as off for the day (called in sick) in the day's plan."""
    found = stored.stats.get("absent_teams", []) if stored is not None else []
    return frozenset(int(t) for t in found) if isinstance(found, list) else frozenset()


def _without(day: BranchDay, absent: frozenset[int]) -> BranchDay:
    return replace(day, teams=tuple(t for t in day.teams if t.id not in absent))


def _ahead(uow: UnitOfWork, day: BranchDay, per_team: float) -> tuple[list[date],
                                                                      list[tuple[date, int]]]:
    """The next days and, per day, about how many more visits its teams could take."""
    days = [day.day + timedelta(days=i) for i in range(1, DAYS_AHEAD + 1)]
    rooms = []
    for d in days:
        on_duty = sum(1 for t in day.teams if t.on_duty(d))
        rooms.append((d, int(on_duty * per_team) - uow.dispatch.confirmed_count(day.branch_id,
                                                                                  d)))
    return days, rooms


def _unassigned(uow: UnitOfWork, solved: Solved, day: BranchDay,
                params: RoutingParams) -> list[dict[str, object]]:
    plan = solved.plan
    if not plan.unassigned:
        return []
    teams = max(1, len(plan.problem.teams))
    per_team = solved.capacity / teams if plan.problem.teams else 6.0
    days, rooms = _ahead(uow, day, per_team)
    by_id = {(f"a{c.appointment_id}" if c.fixed else f"c{c.case_id}"): c for c in day.visits}
    waiting = sorted((by_id[u.visit_id] for u in plan.unassigned),
                     key=lambda c: -plan.problem.visit(
                         f"a{c.appointment_id}" if c.fixed else f"c{c.case_id}").prize)
    allowed = f"{clock(params.visit_start)}–{clock(params.visit_end)}"
    return explained(plan, day, solved.load, allowed, days, propose_days(waiting, rooms))


def _at_or_before(arrival: datetime, day: date, now: int) -> bool:
    return arrival <= _at(day, now)


def _check_running_long(stored: StoredPlan, extra: dict[int, int], now: int) -> None:
    """Only a visit in the route that has started may run long, by 1 to 240 minutes."""
    started = {s.case_id for s in stored.stops if _at_or_before(s.arrival, stored.day, now)}
    for case_id, minutes in extra.items():
        if not 0 < minutes <= MAX_RUNNING_LONG:
            raise BadMinutes(most=MAX_RUNNING_LONG)
        if case_id not in started:
            raise NotStarted(case=case_id)


def _store(uow: UnitOfWork, principal: Principal, day: BranchDay, solved: Solved,
           params: RoutingParams, elapsed: float, action: str,
           absent: frozenset[int] = frozenset()) -> StoredPlan:
    plan = solved.plan
    violations = validate_plan(plan, params, solved.matrix)
    if violations:
        raise ValidationFailed(N_("The routes failed their check: %(problems)s"),
                               problems=join_messages([str(v) for v in violations[:5]]))
    stats: dict[str, object] = {**plan_stats(solved, len(day.visits), elapsed),
                                "absent_teams": sorted(absent), "snapshot": snapshot.dump(plan)}
    stored = StoredPlan(0, day.branch_id, day.day, uow.clock.now().replace(tzinfo=None),
                        principal.actor, "active", stats, _unassigned(uow, solved, day, params),
                        _stops(plan, day))
    pid = uow.dispatch.save_plan(stored)
    summary = {k: v for k, v in stats.items() if k != "snapshot"}
    uow.audit(AuditEntry(principal.actor, action, "route_plan", str(pid), None,
                         {"branch_id": day.branch_id, "day": day.day.isoformat(), **summary},
                         uow.clock.now()))
    return StoredPlan(pid, stored.branch_id, stored.day, stored.created_at, stored.created_by,
                      stored.status, stats, stored.unassigned, stored.stops)


def plan_day(uow: UnitOfWork, principal: Principal, branch_id: int, day: date,
             params: RoutingParams, seed: int, travel: TravelMatrix | None = None) -> DayPlan:
    """Plan the branch's day: every approved visit the teams on duty can fit, balanced over
    the teams; validated, stored, audited. ``travel`` is a road-time provider (OSRM), if
    configured; it falls back to the estimate and the stats say so."""
    require(principal, Permission.ROUTE_PLAN)
    require_branch(principal, branch_id, N_("Branch"), branch_id)
    absent = _absent(uow.dispatch.latest(branch_id, day))
    branch_day = _without(uow.dispatch.branch_day(branch_id, day), absent)
    problem = build_problem(branch_day, params)
    started = datetime.now()
    solved = solve_day(problem, params, seed, travel)
    elapsed = (datetime.now() - started).total_seconds()
    stored = _store(uow, principal, branch_day, solved, params, elapsed, "route_plan.planned",
                    absent)
    return DayPlan(branch_day, solved.plan, stored, elapsed)


def replan_day(uow: UnitOfWork, principal: Principal, branch_id: int, day: date, now: int,
               params: RoutingParams, seed: int, dropped_teams: frozenset[int] = frozenset(),
               travel: TravelMatrix | None = None, why: str = "manual",
               running_long: dict[int, int] | None = None) -> DayPlan:
    """Re-plan from ``now`` (seconds since local midnight): started visits stay pinned;
    moved, cancelled and new visits and dropped teams are taken from the bank's data;
    ``running_long`` (case id -> extra minutes) lengthens started visits. The teams whose
    route changed are told through the outbox."""
    require(principal, Permission.ROUTE_PLAN)
    require_branch(principal, branch_id, N_("Branch"), branch_id)
    stored = uow.dispatch.latest(branch_id, day)
    stored_snapshot = stored.stats.get("snapshot") if stored is not None else None
    if stored is None or not isinstance(stored_snapshot, dict):
        raise NotFound(entity=Msg(N_("Route plan")), id=f"{branch_id}/{day}")
    previous = snapshot.load(stored_snapshot)
    full_day = uow.dispatch.branch_day(branch_id, day)
    own = {t.id for t in full_day.teams}
    for team in sorted(dropped_teams - own):
        raise NotOurTeam(team=team)
    _check_running_long(stored, running_long or {}, now)
    absent = _absent(stored) | dropped_teams
    branch_day = _without(full_day, absent - {s.team_id for s in stored.stops
                                              if _at_or_before(s.arrival, day, now)})
    current = {v.id: v for v in build_problem(branch_day, params).visits}
    before = {v.id: v for v in previous.problem.visits}
    changes = PlanChanges(
        now=now,
        moved={k: (v.window_start, v.window_end) for k, v in current.items()
               if k in before and (v.window_start, v.window_end) != (
                   before[k].window_start, before[k].window_end)},
        cancelled=frozenset(k for k in before if k not in current),
        dropped_teams=frozenset(str(t) for t in absent),
        added=tuple(v for k, v in current.items() if k not in before))
    problem = unpromise(longer(replanned_problem(previous, changes), running_long or {},
                               full_day), absent)
    started = datetime.now()
    solved = solve_day(problem, params, seed, travel)
    elapsed = (datetime.now() - started).total_seconds()
    result = _store(uow, principal, branch_day, solved, params, elapsed, "route_plan.replanned",
                    absent)
    tell_teams(uow, stored, result, full_day, why)
    return DayPlan(branch_day, solved.plan, result, elapsed)


def replan_after_move(uow: UnitOfWork, principal: Principal, case_id: int, new_day: date,
                      params: RoutingParams, travel: TravelMatrix | None = None
                      ) -> list[DayPlan]:
    """A customer moved an appointment: re-plan the new slot's day and every day whose
    active plan holds the case (today and later), each only where a plan exists."""
    case = uow.cases.get(case_id)
    today = local(uow.clock.now()).date()
    days = {(case.branch_id, new_day)} | set(uow.dispatch.days_with_case(case_id, today))
    out = []
    for branch_id, day in sorted(days):
        if day < today or uow.dispatch.latest(branch_id, day) is None:
            continue
        now = seconds_into(day, uow.clock.now())
        out.append(replan_day(uow, principal, branch_id, day, now, params, 0, travel=travel,
                              why="moved"))
    return out


def current_plan(uow: UnitOfWork, principal: Principal, branch_id: int,
                 day: date) -> tuple[BranchDay, StoredPlan | None]:
    """The branch-day's inputs and its active stored plan, if any."""
    require(principal, Permission.ROUTE_READ)
    require_branch(principal, branch_id, N_("Branch"), branch_id)
    return uow.dispatch.branch_day(branch_id, day), uow.dispatch.latest(branch_id, day)


def day_capacity(day: BranchDay, params: RoutingParams, stored: StoredPlan | None) -> int:
    """How many visits the teams on duty can make (the plan's figure once planned)."""
    planned = stored.stats.get("capacity") if stored is not None else None
    if isinstance(planned, int):
        return planned
    absent = _absent(stored)
    try:
        return capacity(build_problem(_without(day, absent), params), params=params)
    except ValidationFailed:
        return 0


@dataclass(frozen=True)
class DayOverview:
    """What the dispatch board answers at a glance, without loading the branch-day."""

    visits: int
    teams_on_duty: int
    plan: StoredPlan | None


def day_overview(uow: UnitOfWork, principal: Principal, branch_id: int,
                 day: date) -> DayOverview:
    """How many visits the branch-day holds, how many teams are on duty, and its plan."""
    require(principal, Permission.ROUTE_READ)
    require_branch(principal, branch_id, N_("Branch"), branch_id)
    return DayOverview(uow.dispatch.visit_count(branch_id, day),
                       uow.teams.on_duty_count(branch_id, day), uow.dispatch.latest(branch_id, day))
