"""Team endpoints: staff, teams, forming a team of two, proposals, calendars."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from doorstep.core.access import Permission, Principal
from doorstep.http.deps import ReadUowDep, UowDep, allow
from doorstep.teams import service
from doorstep.teams.model import StaffMember, Team

router = APIRouter(prefix="/api/v1", tags=["teams"])
Reader = Annotated[Principal, allow(Permission.TEAM_READ)]


class CertificatePublic(BaseModel):
    kind: str
    expires_on: date
    valid: bool


class StaffPublic(BaseModel):
    id: int
    staff_no: str
    name: str
    role: str
    skills: list[str]
    branch_id: int
    certificates: list[CertificatePublic]
    shift_start: time
    shift_end: time
    weekdays: list[int]
    home_lat: float
    home_lon: float


class TeamPublic(BaseModel):
    id: int
    name: str
    branch_id: int
    member_ids: list[int]
    skills: list[str]
    shift_start: time
    shift_end: time


class FormTeamIn(BaseModel):
    name: str = Field("", max_length=64)
    member_a_id: int
    member_b_id: int


class ProposalPublic(BaseModel):
    member_ids: list[int]
    names: list[str]
    covers: int


def staff_public(m: StaffMember, today: date) -> StaffPublic:
    return StaffPublic(
        id=m.id, staff_no=m.staff_no, name=m.name, role=m.role, skills=sorted(m.skills),
        branch_id=m.branch_id, shift_start=m.shift_start, shift_end=m.shift_end,
        weekdays=list(m.weekdays), home_lat=m.home_lat, home_lon=m.home_lon,
        certificates=[CertificatePublic(kind=c.kind, expires_on=c.expires_on,
                                        valid=c.valid_on(today)) for c in m.certificates])


def team_public(t: Team) -> TeamPublic:
    return TeamPublic(id=t.id, name=t.name, branch_id=t.branch_id,
                      member_ids=[m.id for m in t.members], skills=sorted(t.skills),
                      shift_start=t.shift[0], shift_end=t.shift[1])


@router.get("/staff", response_model=list[StaffPublic])
def list_staff(uow: ReadUowDep, principal: Reader,
               branch_id: int | None = None) -> list[StaffPublic]:
    """Field staff with role, skills, certificates (with expiry), shifts and home base."""
    today = uow.clock.now().date()
    return [staff_public(m, today) for m in service.roster(uow, principal, branch_id).staff]


@router.get("/teams", response_model=list[TeamPublic])
def list_teams(uow: ReadUowDep, principal: Reader,
               branch_id: int | None = None) -> list[TeamPublic]:
    """Active teams of two in the caller's scope."""
    return [team_public(t) for t in service.roster(uow, principal, branch_id).teams]


@router.post("/teams", status_code=201)
def form_team(body: FormTeamIn, uow: UowDep,
              principal: Annotated[Principal, allow(Permission.TEAM_MANAGE)]) -> dict[str, int]:
    """Pair two staff of one branch (both free, in the caller's branch) into a team."""
    cmd = service.FormTeam(body.name, body.member_a_id, body.member_b_id)
    done = service.form_team(uow, principal, cmd)
    uow.commit()
    return {"id": done}


@router.get("/teams/proposals", response_model=list[ProposalPublic])
def proposals(branch_id: int, day: date, uow: ReadUowDep,
              principal: Reader) -> list[ProposalPublic]:
    """Pairs of staff on duty that cover the skills the day's cases need."""
    return [ProposalPublic(member_ids=[p.a.id, p.b.id], names=[p.a.name, p.b.name],
                           covers=p.covers)
            for p in service.propose_teams(uow, principal, branch_id, day)]


@router.get("/teams/{team_id}/calendar.ics")
def calendar(team_id: int, uow: ReadUowDep,
             principal: Annotated[Principal, allow(Permission.ROUTE_READ)]) -> Response:
    """The team's confirmed appointments as an iCalendar feed."""
    return Response(service.team_calendar(uow, principal, team_id),
                    media_type="text/calendar; charset=utf-8")
