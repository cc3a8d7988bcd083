"""After a re-plan: lengthen visits that run long, and tell the teams whose route changed.

Teams are told by a message in the outbox (one per member, idempotent per plan), which the
outbox delivery job sends; the message names the reason and the team's new first stop.
"""

from __future__ import annotations

from dataclasses import replace

from doorstep.core import i18n
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import local
from doorstep.core.i18n import N_, codes
from doorstep.core.uow import UnitOfWork
from doorstep.visits.dispatch.model import BranchDay, StoredPlan
from doorstep.visits.routing import RoutingProblem
from doorstep.visits.wording import text

codes({
    "dispatch.route_changed": N_("[Dispatch] %(team)s's route for %(day)s has changed "
                                 "(%(why)s): %(visits)s visits, %(first)s. Open the field app "
                                 "for the new order."),
    "dispatch.route_first": N_("first stop at %(at)s"),
    "dispatch.route_none": N_("no visits left today"),
    "dispatch.why.manual": N_("re-planned by the dispatcher"),
    "dispatch.why.moved": N_("a customer moved an appointment"),
    "dispatch.why.sick": N_("a team called in sick"),
    "dispatch.why.long": N_("a visit ran long"),
})


def longer(problem: RoutingProblem, extra_minutes: dict[int, int],
           day: BranchDay) -> RoutingProblem:
    """The problem with the named cases' visits lengthened by their extra minutes."""
    if not extra_minutes:
        return problem
    ids = {(f"a{c.appointment_id}" if c.fixed else f"c{c.case_id}"): extra_minutes[c.case_id]
           for c in day.visits if c.case_id in extra_minutes}
    visits = tuple(replace(v, service=v.service + ids[v.id] * 60) if v.id in ids else v
                   for v in problem.visits)
    return replace(problem, visits=visits)


def unpromise(problem: RoutingProblem, absent: frozenset[int]) -> RoutingProblem:
    """Confirmed slots promised to a team that is off are free for any suitable team."""
    gone = {f"team:{t}" for t in absent}
    if not gone:
        return problem
    visits = tuple(v if v.pinned is not None or not (v.skills & gone)
                   else replace(v, skills=v.skills - gone) for v in problem.visits)
    return replace(problem, visits=visits)


def _route(plan: StoredPlan, team_id: int) -> list[tuple[int, str]]:
    return [(s.case_id, s.arrival.isoformat()) for s in plan.stops if s.team_id == team_id]


def tell_teams(uow: UnitOfWork, before: StoredPlan, after: StoredPlan, day: BranchDay,
               why: str) -> list[int]:
    """Queue a message to each member of every team whose stops or times changed."""
    names = {t.id: t for t in day.teams}
    told: list[int] = []
    now = uow.clock.now().replace(tzinfo=None)
    reason = i18n.translate(f"dispatch.why.{why}", "zh-CN")
    for team_id in sorted({s.team_id for s in before.stops} | {s.team_id for s in after.stops}):
        new = _route(after, team_id)
        if new == _route(before, team_id) or team_id not in names:
            continue
        team = names[team_id]
        stops = [s for s in after.stops if s.team_id == team_id]
        first = (i18n.translate("dispatch.route_first", "zh-CN",
                                at=f"{local(stops[0].arrival):%H:%M}") if stops
                 else i18n.translate("dispatch.route_none", "zh-CN"))
        body = i18n.translate("dispatch.route_changed", "zh-CN", team=team.name,
                              day=day.day.strftime(text("route_sms", "day_format")), why=reason,
                              visits=len(stops), first=first)
        for member in team.members:
            uow.appointments.enqueue("sms", "route.changed", uow.appointments.staff_phone(
                member.id), "", body, None, f"route-{after.id}-{team_id}-{member.id}", now)
        told.append(team_id)
    if told:
        uow.audit(AuditEntry("system:dispatch", "route_plan.teams_told", "route_plan",
                             str(after.id), None, {"teams": told, "why": why}, uow.clock.now()))
    return told
