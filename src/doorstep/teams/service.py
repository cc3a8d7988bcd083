"""Team use cases: the staff list, forming teams, proposals for a day, calendars."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import Conflict, ValidationFailed
from doorstep.core.i18n import N_, RECORD_LANGUAGE, translate_in
from doorstep.core.ics import CalendarEvent, calendar
from doorstep.core.uow import UnitOfWork
from doorstep.teams.coverage import CaseNeed, Pairing, propose_pairs, required_skills
from doorstep.teams.model import StaffMember, Team


@dataclass(frozen=True)
class Roster:
    staff: list[StaffMember]
    teams: list[Team]


def roster(uow: UnitOfWork, principal: Principal, branch_id: int | None) -> Roster:
    """Staff and teams in the principal's scope (one branch, or all for head office)."""
    require(principal, Permission.TEAM_READ)
    scope = principal.branch_id if principal.branch_id is not None else branch_id
    return Roster(uow.teams.staff_of_branch(scope), uow.teams.teams_of_branch(scope))


@dataclass(frozen=True)
class FormTeam:
    name: str
    member_a_id: int
    member_b_id: int


def form_team(uow: UnitOfWork, principal: Principal, cmd: FormTeam) -> int:
    """Pair two active staff of one branch into a team of two."""
    require(principal, Permission.TEAM_MANAGE)
    if cmd.member_a_id == cmd.member_b_id:
        raise ValidationFailed(N_("A team needs two different staff members"))
    people = uow.teams.staff_by_ids([cmd.member_a_id, cmd.member_b_id])
    if len(people) != 2:
        raise ValidationFailed(N_("No such staff member"))
    a, b = people[cmd.member_a_id], people[cmd.member_b_id]
    if a.branch_id != b.branch_id or not (a.active and b.active):
        raise ValidationFailed(N_("Both staff members must be active in the same branch"))
    require_branch(principal, a.branch_id, N_("Staff member"), a.id)
    busy = {m.id for t in uow.teams.teams_of_branch(a.branch_id) for m in t.members}
    taken = [p.name for p in (a, b) if p.id in busy]
    if taken:
        raise Conflict(N_("%(names)s already in another active team: dissolve that team first"),
                       names=taken)
    name = cmd.name.strip() or f"{a.name}/{b.name}"
    today = uow.clock.now().date()
    team_id: int = uow.teams.add(name[:64], a.branch_id, a.id, b.id, today)
    uow.audit(AuditEntry(principal.actor, "team.formed", "team", str(team_id), None,
                         {"members": [a.staff_no, b.staff_no], "branch_id": a.branch_id},
                         uow.clock.now()))
    return team_id


def propose_teams(uow: UnitOfWork, principal: Principal, branch_id: int,
                  day: date) -> list[Pairing]:
    """Pairs of the branch's staff on duty covering the skills the day's cases need."""
    require(principal, Permission.TEAM_READ)
    require_branch(principal, branch_id, N_("Branch"), branch_id)
    visits = uow.dispatch.branch_day(branch_id, day).visits
    needs = [required_skills(CaseNeed(v.case_type, v.business_line, v.state, v.priority,
                                      v.overdue)) for v in visits]
    pairs: list[Pairing] = propose_pairs(uow.teams.staff_of_branch(branch_id), needs, day)
    return pairs


def team_calendar(uow: UnitOfWork, principal: Principal, team_id: int) -> str:
    """The team's confirmed appointments from a week ago on, as iCalendar text."""
    require(principal, Permission.ROUTE_READ)
    team = uow.teams.get(team_id)
    require_branch(principal, team.branch_id, N_("Team"), team_id)
    now = uow.clock.now().replace(tzinfo=None)
    events = [CalendarEvent(uid=f"appointment-{r.id}@doorstep", start=r.slot_start,
                            end=r.slot_end,
                            summary=translate_in(RECORD_LANGUAGE, N_("Visit %(case_no)s %(name)s"),
                                                 case_no=r.case_no, name=f"{r.name[:1]}**"),
                            description=translate_in(RECORD_LANGUAGE, N_("Case %(case_no)s"),
                                                     case_no=r.case_no))
              for r in uow.appointments.of_team(team_id, now - timedelta(days=7))]
    return calendar(translate_in(RECORD_LANGUAGE, N_("%(team)s visit schedule"), team=team.name),
                    events, now)


def stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")
