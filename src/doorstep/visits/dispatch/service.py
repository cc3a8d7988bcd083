"""Dispatch use cases: plan a branch-day's routes, re-plan it, read the stored plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from doorstep.cases.service import require, require_branch
from doorstep.core.access import Permission, Principal
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import BANK_TZ, utc
from doorstep.core.errors import NotFound, ValidationFailed
from doorstep.core.uow import UnitOfWork
from doorstep.visits.dispatch import snapshot
from doorstep.visits.dispatch.build import build_problem
from doorstep.visits.dispatch.explain import explained, propose_days
from doorstep.visits.dispatch.model import BranchDay, StoredPlan, StoredStop
from doorstep.visits.dispatch.notify import longer, tell_teams
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


def _store(uow: UnitOfWork, principal: Principal, day: BranchDay, solved: Solved,
           params: RoutingParams, elapsed: float, action: str) -> StoredPlan:
    plan = solved.plan
    violations = validate_plan(plan, params, solved.matrix)
    if violations:
        raise ValidationFailed("路线校验未通过：" + "；".join(str(v) for v in violations[:5]))
    stats: dict[str, object] = {**plan_stats(solved, len(day.visits), elapsed),
                                "snapshot": snapshot.dump(plan)}
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
    require_branch(principal, branch_id, "网点", branch_id)
    branch_day = uow.dispatch.branch_day(branch_id, day)
    problem = build_problem(branch_day, params)
    started = datetime.now()
    solved = solve_day(problem, params, seed, travel)
    elapsed = (datetime.now() - started).total_seconds()
    stored = _store(uow, principal, branch_day, solved, params, elapsed, "route_plan.planned")
    uow.commit()
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
    require_branch(principal, branch_id, "网点", branch_id)
    stored = uow.dispatch.latest(branch_id, day)
    if stored is None:
        raise NotFound(entity="路线方案", id=f"{branch_id}/{day}")
    previous = snapshot.load(stored.stats["snapshot"])
    branch_day = uow.dispatch.branch_day(branch_id, day)
    current = {v.id: v for v in build_problem(branch_day, params).visits}
    before = {v.id: v for v in previous.problem.visits}
    changes = PlanChanges(
        now=now,
        moved={k: (v.window_start, v.window_end) for k, v in current.items()
               if k in before and (v.window_start, v.window_end) != (
                   before[k].window_start, before[k].window_end)},
        cancelled=frozenset(k for k in before if k not in current),
        dropped_teams=frozenset(str(t) for t in dropped_teams),
        added=tuple(v for k, v in current.items() if k not in before))
    problem = longer(replanned_problem(previous, changes), running_long or {}, branch_day)
    started = datetime.now()
    solved = solve_day(problem, params, seed, travel)
    elapsed = (datetime.now() - started).total_seconds()
    result = _store(uow, principal, branch_day, solved, params, elapsed, "route_plan.replanned")
    tell_teams(uow, stored, result, branch_day, why)
    uow.commit()
    return DayPlan(branch_day, solved.plan, result, elapsed)


def current_plan(uow: UnitOfWork, principal: Principal, branch_id: int,
                 day: date) -> tuple[BranchDay, StoredPlan | None]:
    """The branch-day's inputs and its active stored plan, if any."""
    require(principal, Permission.ROUTE_READ)
    require_branch(principal, branch_id, "网点", branch_id)
    return uow.dispatch.branch_day(branch_id, day), uow.dispatch.latest(branch_id, day)


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
    require_branch(principal, branch_id, "网点", branch_id)
    return DayOverview(uow.dispatch.visit_count(branch_id, day),
                       uow.teams.on_duty_count(branch_id, day), uow.dispatch.latest(branch_id, day))
