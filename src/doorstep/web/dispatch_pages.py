"""The dispatcher board (route planning), each team's route as SVG, agendas and .ics feeds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.core.access import Permission, Principal
from doorstep.core.clock import local
from doorstep.core.errors import DoorstepError, NotFound
from doorstep.core.i18n import N_, Msg, pgettext, translate_in, using_language
from doorstep.http.context import link_context, travel_of
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.guard import SECURITY_HEADERS
from doorstep.http.language import language_of
from doorstep.jobs import service as jobs
from doorstep.jobs.model import JobState
from doorstep.teams import service as teams
from doorstep.visits.appointments import service as appointments
from doorstep.visits.dispatch import service as dispatch
from doorstep.visits.dispatch.model import seconds_into
from doorstep.visits.routing import RoutingParams
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.rendering import render
from doorstep.web.route_svg import HEIGHT, WIDTH, drawings

router = APIRouter(include_in_schema=False)
REPLANNED = N_("Re-planned; visits already started stay as they are")
OFFERED = N_("Link sent to the customer; slots: %(slots)s")
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
    absent = set(plan.stats.get("absent_teams") or []) if plan else set()  # type: ignore[call-overload]
    on_duty = [t for t in branch_day.teams if t.on_duty(day) and t.id not in absent]
    figures = {"visits": len(branch_day.visits), "teams": len(on_duty),
               "capacity": dispatch.day_capacity(branch_day, RoutingParams(), plan)}
    drawn = drawings(branch_day, plan)
    return {"bd": branch_day, "plan": plan, "drawings": drawn,
            "geo": [d.to_geo() for d in drawn], "figures": figures,
            "stops": sorted(plan.stops, key=lambda s: (s.team_id, s.seq)) if plan else [],
            "absent": [t for t in branch_day.teams if t.id in absent],
            "width": WIDTH, "height": HEIGHT, "planned": planned, "reasons": reasons,
            "team_names": {t.id: t.name for t in branch_day.teams},
            "on_duty": on_duty,
            "visit_by_case": {v.case_id: v for v in branch_day.visits},
            "can_plan": principal.can(Permission.ROUTE_PLAN), "day": day,
            "can_offer": principal.can(Permission.APPOINTMENT_MANAGE)}


def _tile_origin(url: str) -> str:
    """The scheme and host of a tile URL template, for the page's image policy."""
    parts = urlsplit(url.replace("{s}.", "sub.").replace("{s}", "sub"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.replace("sub.", "*.", 1) if "{s}." in url else parts.netloc
    return f"{parts.scheme}://{host}"


@router.get("/dispatch")
def board(request: Request, uow: ReadUowDep, container: ContainerDep,
          principal: Annotated[Principal, page(Permission.ROUTE_READ)],
          branch: str | None = None, day: str | None = None, error: str = "",
          msg: str = "", job: int | None = None) -> Response:
    """The branch-day board: visits due beside what the teams on duty can make, the plan
    on the map (Leaflet over the configured tiles, else a plain drawing), and why each
    waiting visit waits with what to do about it."""
    the_day = _day(day, local(uow.clock.now()).date())
    ctx = board_context(uow, principal, _branch(principal, branch, uow), the_day)
    if job is not None:  # a planning job this dispatcher started: its panel until it is done
        ctx |= plan_job_context(uow, principal, job, ctx["bd"].branch_id, the_day,
                                language_of(request))
    tiles = container.settings.map_tile_url
    origin = _tile_origin(tiles) if tiles else ""
    same_site = tiles.startswith("/") and not tiles.startswith("//")
    response = render(request, "dispatch/board.html", {
        **ctx, "error": error, "msg": msg, "tile_url": tiles if origin or same_site else "",
        "tile_attribution": container.settings.map_tile_attribution})
    if origin:  # the tiles come from the bank's (or a vendor's) tile server
        response.headers["Content-Security-Policy"] = SECURITY_HEADERS[
            "Content-Security-Policy"].replace("img-src 'self' data:",
                                               f"img-src 'self' data: {origin}")
    return response


@router.post("/dispatch/plan")
def plan(container: ContainerDep,
         principal: Annotated[Principal, page_form(Permission.ROUTE_PLAN)],
         branch_id: Annotated[int, Form()], day: Annotated[str, Form()]) -> Response:
    """Plan the branch-day's routes as a background job; the board follows it and shows the
    plan when it is done."""
    the_day = _day(day, date.today())
    job_id = jobs.start(container, principal, "routes.plan", {
        "branch_id": branch_id, "day": the_day.isoformat(), "seconds": WEB_SOLVE_SECONDS,
        "seed": 0})
    return RedirectResponse(f"/dispatch?branch={branch_id}&day={the_day}&job={job_id}",
                            status_code=303)


def plan_job_context(uow: ReadUowDep, principal: Principal, job_id: int, branch_id: int,
                     day: date, lang: str) -> dict[str, Any]:
    """The board's panel for a route-planning job the dispatcher started."""
    job = jobs.view(uow, principal, job_id)
    if job.kind != "routes.plan":
        raise NotFound(entity=Msg("Route planning job"), id=job_id)
    return {"plan_job": job, "plan_job_error": jobs.error_text(job, lang),
            "plan_job_percent": round(job.progress * 100),
            "plan_job_poll": f"/dispatch/jobs/{job_id}?branch={branch_id}&day={day}"}


@router.get("/dispatch/jobs/{job_id}")
def plan_job(request: Request, uow: ReadUowDep, job_id: int,
             principal: Annotated[Principal, page(Permission.ROUTE_READ)],
             branch: str | None = None, day: str | None = None) -> Response:
    """The board's htmx poll of its planning job: the panel while it runs; once done, the
    board is opened again and shows the plan."""
    the_day = _day(day, local(uow.clock.now()).date())
    branch_id = _branch(principal, branch, uow)
    ctx = plan_job_context(uow, principal, job_id, branch_id, the_day, language_of(request))
    response = render(request, "dispatch/_plan_job.html", ctx)
    if ctx["plan_job"].state == JobState.DONE:
        response.headers["HX-Redirect"] = f"/dispatch?branch={branch_id}&day={the_day}"
    return response


def _replan(request: Request, container: ContainerDep, principal: Principal,
            branch_id: int, day: str, **change: Any) -> Response:
    """Re-plan the rest of the day with a change (a team off, a visit running long)."""
    the_day = _day(day, date.today())
    params = replace(RoutingParams(), seconds=WEB_SOLVE_SECONDS)
    lang = language_of(request)
    try:
        with container.uow() as uow:
            now = seconds_into(the_day, uow.clock.now())
            dispatch.replan_day(uow, principal, branch_id, the_day, now, params, seed=0,
                                travel=travel_of(container), **change)
            uow.commit()
    except DoorstepError as exc:
        return _back(branch_id, the_day, error=error_message(exc, lang))
    return _back(branch_id, the_day, msg=translate_in(lang, REPLANNED))


@router.post("/dispatch/sick")
def team_sick(request: Request, container: ContainerDep,
              principal: Annotated[Principal, page_form(Permission.ROUTE_PLAN)],
              branch_id: Annotated[int, Form()], day: Annotated[str, Form()],
              team_id: Annotated[int, Form()]) -> Response:
    """A team called in sick: its unstarted visits go to the others; teams are told."""
    return _replan(request, container, principal, branch_id, day,
                   dropped_teams=frozenset({team_id}), why="sick")


@router.post("/dispatch/long")
def running_long(request: Request, container: ContainerDep,
                 principal: Annotated[Principal, page_form(Permission.ROUTE_PLAN)],
                 branch_id: Annotated[int, Form()], day: Annotated[str, Form()],
                 case_id: Annotated[int, Form()], minutes: Annotated[int, Form()]) -> Response:
    """A started visit runs long: the rest of that team's day (and others') is re-planned."""
    return _replan(request, container, principal, branch_id, day,
                   running_long={case_id: minutes}, why="long")


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
            dispatch.replan_day(uow, principal, branch_id, the_day, now, params, seed=0,
                                travel=travel_of(container))
            uow.commit()
    except DoorstepError as exc:
        return _back(branch_id, the_day, error=error_message(exc, lang))
    return _back(branch_id, the_day, msg=translate_in(lang, REPLANNED))


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
            uow.commit()
    except DoorstepError as exc:
        return _back(branch_id, the_day, error=error_message(exc, lang))
    with using_language(lang):
        separator = pgettext("list separator", ", ")
    slots = separator.join(f"{s:%H:%M}–{e:%H:%M}" for s, e in made.slots)
    return _back(branch_id, the_day, msg=translate_in(lang, OFFERED, slots=slots))


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
