"""Dispatch endpoints: plan and re-plan a branch-day, read the plan,
offer an appointment to a customer, list a case's appointments."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from doorstep.core.access import Permission, Principal
from doorstep.core.clock import local
from doorstep.http.context import link_context, travel_of
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow
from doorstep.visits.appointments import service as appointments
from doorstep.visits.dispatch import service as dispatch
from doorstep.visits.dispatch.model import seconds_into
from doorstep.visits.dispatch.service import DayPlan
from doorstep.visits.routing import RoutingParams

router = APIRouter(prefix="/api/v1", tags=["dispatch"])
Planner = Annotated[Principal, allow(Permission.ROUTE_PLAN)]


class PlanDayIn(BaseModel):
    branch_id: int
    day: date
    seconds: float = Field(5.0, gt=0, le=60, description="Solver time limit")
    seed: int = 0


class ReplanIn(PlanDayIn):
    dropped_team_ids: list[int] = []
    #: Started visits that run long: case id -> extra minutes.
    running_long: dict[int, int] = Field(default_factory=dict)


class OfferIn(BaseModel):
    team_id: int
    day: date
    email: str | None = Field(None, max_length=200)


def plan_body(stored: Any) -> dict[str, Any]:
    """A stored plan as JSON: stats, routes (stops per team) and unassigned with reasons."""
    if stored is None:
        return {"plan": None}
    routes: dict[int, list[dict[str, Any]]] = {}
    for s in stored.stops:
        routes.setdefault(s.team_id, []).append({
            "seq": s.seq, "case_id": s.case_id, "appointment_id": s.appointment_id,
            "arrival": local(s.arrival).isoformat(), "departure": local(s.departure).isoformat(),
            "travel_minutes": s.travel_minutes, "status": s.status})
    stats = {k: v for k, v in stored.stats.items() if k != "snapshot"}
    return {"plan": {"id": stored.id, "branch_id": stored.branch_id,
                     "day": stored.day.isoformat(), "status": stored.status, "stats": stats,
                     "routes": [{"team_id": t, "stops": s} for t, s in routes.items()],
                     "unassigned": stored.unassigned}}


def _summary(result: DayPlan) -> dict[str, Any]:
    return {**plan_body(result.stored), "seconds": round(result.seconds, 2)}


@router.post("/dispatch/plans", status_code=201)
def plan_day(body: PlanDayIn, uow: UowDep, principal: Planner,
             container: ContainerDep) -> dict[str, Any]:
    """Plan a branch-day's routes with PyVRP; validated, stored and audited."""
    params = replace(RoutingParams(), seconds=body.seconds)
    planned = dispatch.plan_day(uow, principal, body.branch_id, body.day, params, body.seed,
                                travel_of(container))
    uow.commit()
    return _summary(planned)


@router.post("/dispatch/plans/replan", status_code=201)
def replan_day(body: ReplanIn, uow: UowDep, principal: Planner,
               container: ContainerDep) -> dict[str, Any]:
    """Re-plan the rest of the day from now; started visits stay pinned. Teams that called
    in sick (``dropped_team_ids``) and started visits that run long (``running_long``) are
    taken into account; the teams whose route changed are told through the outbox."""
    params = replace(RoutingParams(), seconds=body.seconds)
    now = seconds_into(body.day, uow.clock.now())
    why = "sick" if body.dropped_team_ids else "long" if body.running_long else "manual"
    done = dispatch.replan_day(
        uow, principal, body.branch_id, body.day, now, params, body.seed,
        frozenset(body.dropped_team_ids), travel_of(container), why, body.running_long)
    uow.commit()
    return _summary(done)


@router.get("/dispatch/plans")
def get_day(branch_id: int, day: date, uow: ReadUowDep,
            principal: Annotated[Principal, allow(Permission.ROUTE_READ)]) -> dict[str, Any]:
    """The branch-day's active plan: routes, stops, and unassigned visits with reasons."""
    seen = dispatch.day_overview(uow, principal, branch_id, day)
    return {**plan_body(seen.plan), "visits": seen.visits, "teams_on_duty": seen.teams_on_duty}


@router.post("/cases/{case_id}/appointments", status_code=201)
def offer(case_id: int, body: OfferIn, uow: UowDep, container: ContainerDep,
          principal: Annotated[Principal, allow(Permission.APPOINTMENT_MANAGE)],
          ) -> dict[str, Any]:
    """Offer up to three slots; the customer's link goes out through the outbox."""
    cmd = appointments.OfferAppointment(case_id, body.team_id, body.day, body.email)
    made = appointments.offer_appointment(uow, principal, cmd, link_context(container),
                                          container.policy)
    uow.commit()
    return {"appointment_id": made.appointment_id,
            "slots": [{"start": s.isoformat(), "end": e.isoformat()} for s, e in made.slots]}


class PhoneConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(min_length=2, max_length=500)


@router.post("/appointments/{appointment_id}/confirm-by-phone")
def confirm_by_phone(appointment_id: int, body: PhoneConfirmIn, uow: UowDep,
                     container: ContainerDep,
                     principal: Annotated[Principal, allow(Permission.APPOINTMENT_MANAGE)],
                     ) -> dict[str, Any]:
    """Record the customer's confirmation by phone (a contact); the case is then scheduled."""
    appointments.confirm_by_phone(uow, principal, appointment_id, body.note, container.policy)
    uow.commit()
    return {"appointment_id": appointment_id, "state": "confirmed"}


@router.get("/cases/{case_id}/appointments")
def case_appointments(case_id: int, uow: ReadUowDep,
                      principal: Annotated[Principal, allow(Permission.CASE_READ)],
                      ) -> list[dict[str, Any]]:
    """The case's appointments with slot (local time), team and state."""
    return [{"id": a.id, "team_id": a.team_id, "state": a.state,
             "slot_start": local(a.slot_start).isoformat(),
             "slot_end": local(a.slot_end).isoformat()}
            for a in appointments.case_appointments(uow, principal, case_id)]
