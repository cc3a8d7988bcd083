"""The dispatcher board (规划路线), each team's route as SVG, agendas and .ics feeds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.api.deps import ContainerDep, ReadUowDep
from doorstep.api.errors import language_of
from doorstep.api.routers.dispatch import link_context, seconds_into
from doorstep.core.access import Permission, Principal
from doorstep.core.clock import local
from doorstep.core.errors import DoorstepError
from doorstep.teams import service as teams
from doorstep.visits.appointments import service as appointments
from doorstep.visits.dispatch import service as dispatch
from doorstep.visits.routing import RoutingParams
from doorstep.web import plan_text  # noqa: F401  (registers the strings)
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import translator
from doorstep.web.rendering import render
from doorstep.web.route_svg import HEIGHT, WIDTH, drawings

router = APIRouter(include_in_schema=False)
WEB_SOLVE_SECONDS = 3.0


def _day(value: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


def _branch(principal: Principal, value: str | None, uow: ReadUowDep) -> int:
    if principal.branch_id is not None:
        return principal.branch_id
    if value and value.isdigit():
        return int(value)
    first = uow.teams.teams_of_branch(None)
    return first[0].branch_id if first else 1


def board_context(uow: ReadUowDep, principal: Principal, branch_id: int, day: date) -> dict:  # type: ignore[type-arg]
    branch_day, plan = dispatch.current_plan(uow, principal, branch_id, day)
    planned = {s.case_id for s in plan.stops} if plan else set()
    reasons = {u["case_id"]: u for u in plan.unassigned} if plan else {}
    return {"bd": branch_day, "plan": plan, "drawings": drawings(branch_day, plan),
            "width": WIDTH, "height": HEIGHT, "planned": planned, "reasons": reasons,
            "team_names": {t.id: t.name for t in branch_day.teams},
            "on_duty": [t for t in branch_day.teams if t.on_duty(day)],
            "visit_by_case": {v.case_id: v for v in branch_day.visits},
            "can_plan": principal.can(Permission.ROUTE_PLAN), "day": day,
            "can_offer": principal.can(Permission.APPOINTMENT_MANAGE)}


@router.get("/dispatch")
def board(request: Request, uow: ReadUowDep,
          principal: Annotated[Principal, page(Permission.ROUTE_READ)],
          branch: str | None = None, day: str | None = None, error: str = "",
          msg: str = "") -> Response:
    """The branch-day board: visits to make, teams on duty, the plan drawn per team."""
    the_day = _day(day, local(uow.clock.now()).date())
    ctx = board_context(uow, principal, _branch(principal, branch, uow), the_day)
    return render(request, "dispatch/board.html", {**ctx, "error": error, "msg": msg})


@router.post("/dispatch/plan")
def plan(request: Request, container: ContainerDep,
         principal: Annotated[Principal, page_form(Permission.ROUTE_PLAN)],
         branch_id: Annotated[int, Form()], day: Annotated[str, Form()]) -> Response:
    """Plan the branch-day's routes with the solver, then show the board again."""
    the_day = _day(day, date.today())
    params = replace(RoutingParams(), seconds=WEB_SOLVE_SECONDS)
    try:
        with container.uow() as uow:
            dispatch.plan_day(uow, principal, branch_id, the_day, params, seed=0)
    except DoorstepError as exc:
        message = error_message(exc, language_of(request))
        return RedirectResponse(f"/dispatch?branch={branch_id}&day={the_day}&error={message}",
                                status_code=303)
    return RedirectResponse(f"/dispatch?branch={branch_id}&day={the_day}", status_code=303)


def _back(branch_id: int, day: date, **query: str) -> RedirectResponse:
    extra = "".join(f"&{k}={quote(v)}" for k, v in query.items())
    return RedirectResponse(f"/dispatch?branch={branch_id}&day={day}{extra}", status_code=303)


@router.post("/dispatch/replan")
def replan(request: Request, container: ContainerDep,
           principal: Annotated[Principal, page_form(Permission.ROUTE_PLAN)],
           branch_id: Annotated[int, Form()], day: Annotated[str, Form()]) -> Response:
    """Re-plan the rest of the day from now (started visits stay), then show the board."""
    the_day = _day(day, date.today())
    params = replace(RoutingParams(), seconds=WEB_SOLVE_SECONDS)
    lang = language_of(request)
    try:
        with container.uow() as uow:
            now = seconds_into(the_day, uow.clock.now())
            dispatch.replan_day(uow, principal, branch_id, the_day, now, params, seed=0)
    except DoorstepError as exc:
        return _back(branch_id, the_day, error=error_message(exc, lang))
    return _back(branch_id, the_day, msg=translator(lang)("web.dispatch.replanned"))


@router.post("/dispatch/offer")
def offer(request: Request, container: ContainerDep,
          principal: Annotated[Principal, page_form(Permission.APPOINTMENT_MANAGE)],
          branch_id: Annotated[int, Form()], day: Annotated[str, Form()],
          case_id: Annotated[int, Form()], team_id: Annotated[int, Form()]) -> Response:
    """Offer the customer slots for the day; the link goes out through the outbox."""
    the_day = _day(day, date.today())
    lang = language_of(request)
    cmd = appointments.OfferAppointment(case_id, team_id, the_day)
    try:
        with container.uow() as uow:
            made = appointments.offer_appointment(uow, principal, cmd, link_context(container),
                                                  container.policy)
    except DoorstepError as exc:
        return _back(branch_id, the_day, error=error_message(exc, lang))
    slots = "、".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in made.slots)
    return _back(branch_id, the_day, msg=translator(lang)("web.dispatch.offered", slots=slots))


@router.get("/teams/{team_id}/agenda")
def agenda(team_id: int, request: Request, uow: ReadUowDep,
           principal: Annotated[Principal, page(Permission.ROUTE_READ)],
           day: str | None = None) -> Response:
    """A team's stops for the day with times, the customer masked and a navigation link."""
    team = uow.teams.get(team_id)
    the_day = _day(day, local(uow.clock.now()).date())
    ctx = board_context(uow, principal, team.branch_id, the_day)
    stops = [s for s in ctx["plan"].stops if s.team_id == team_id] if ctx["plan"] else []
    return render(request, "dispatch/agenda.html", {**ctx, "team": team, "stops": stops})


@router.get("/teams/{team_id}/calendar.ics")
def calendar_feed(team_id: int, uow: ReadUowDep,
                  principal: Annotated[Principal, page(Permission.ROUTE_READ)]) -> Response:
    """The team's confirmed appointments as an iCalendar feed."""
    text = teams.team_calendar(uow, principal, team_id)
    return Response(text, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f"inline; filename=team-{team_id}.ics"})
