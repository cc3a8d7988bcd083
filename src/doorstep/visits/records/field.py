"""The field officer's day: today's agenda, a customer brief, and the check-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from doorstep.core.access import Permission, Principal, Role, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import BANK_TZ, local
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.customers.model import CustomerView
from doorstep.visits.records import rules
from doorstep.visits.records.model import VisitRefused
from doorstep.visits.records.ports import AgendaItem
from doorstep.visits.records.rules import FieldParams
from doorstep.visits.wording import text


def nav_link(lat: float, lon: float, name: str) -> str:
    """A map link that opens navigation on the phone (AMap URI, works in any browser)."""
    return f"https://uri.amap.com/marker?position={lon:.6f},{lat:.6f}&name={name}&coordinate=wgs84"


def nav_links(lat: float, lon: float, name: str) -> dict[str, str]:
    """Turn-by-turn navigation to the coordinates in AMap, Baidu Maps and Tencent Maps
    (their web URIs open the installed app on a phone; coordinates are WGS-84)."""
    label = quote(name or text("bank", "customer"))
    return {
        "amap": f"https://uri.amap.com/navigation?to={lon:.6f},{lat:.6f},{label}&mode=car"
                "&coordinate=wgs84&callnative=1",
        "baidu": f"https://api.map.baidu.com/direction?destination=latlng:{lat:.6f},{lon:.6f}"
                 f"|name:{label}&mode=driving&coord_type=wgs84&output=html&src=doorstep",
        "tencent": f"https://apis.map.qq.com/uri/v1/routeplan?type=drive&to={label}"
                   f"&tocoord={lat:.6f},{lon:.6f}&coord_type=1&referer=doorstep",
    }


@dataclass(frozen=True)
class RouteStop:
    """One stop of the officer's day: route order, planned arrival, travel from the last
    stop, the customer (masked name as stored) and navigation links."""

    seq: int
    case_id: int
    appointment_id: int | None
    case_no: str
    customer_name: str
    district: str
    case_state: str
    arrival: datetime
    departure: datetime
    travel_minutes: int
    visited: bool
    navigation: dict[str, str]


def day_route(uow: UnitOfWork, principal: Principal) -> list[RouteStop]:
    """Today's stops of the signed-in officer's team in the day's route plan, in order."""
    require(principal, Permission.CASE_VISIT)
    if principal.staff_id is None:
        return []
    day = local(uow.clock.now()).date()
    start = datetime.combine(day, datetime.min.time(), tzinfo=BANK_TZ)
    rows = uow.visits.route_agenda(principal.staff_id, day, start, start + timedelta(days=1))
    return [RouteStop(r.seq + 1, r.case_id, r.id, r.case_no, r.customer_name, r.district,
                      r.case_state, local(r.arrival), local(r.departure), r.travel_minutes,
                      bool(r.visited), nav_links(r.lat, r.lon, r.district)) for r in rows]


def agenda(uow: UnitOfWork, principal: Principal) -> list[AgendaItem]:
    """Today's appointments (local time) of the signed-in officer's teams, in slot order."""
    require(principal, Permission.CASE_VISIT)
    if principal.staff_id is None:
        return []
    day = local(uow.clock.now()).date()
    start = datetime.combine(day, datetime.min.time(), tzinfo=BANK_TZ)
    return uow.visits.agenda(principal.staff_id, start, start + timedelta(days=1))


@dataclass(frozen=True)
class Brief:
    case: Any
    customer: CustomerView
    complaints: list[Any]
    visits: list[Any]
    reason_codes: list[str]
    team: list[Any]
    navigation: str


def brief(uow: UnitOfWork, principal: Principal, case_id: int) -> Brief:
    """What the team should know before ringing the bell; personal data masked."""
    require(principal, Permission.CASE_VISIT)
    detail = uow.cases.detail(case_id, history=False)
    case = detail.item
    require_branch(principal, case.branch_id, N_("Case"), case_id)
    customer = uow.customers.view(case.customer_id, holdings=False)
    team = uow.visits.team(case.owner_team_id) if case.owner_team_id else []
    return Brief(case=detail, customer=customer,
                 complaints=uow.visits.open_complaints(case.customer_id),
                 visits=uow.visits.history(case_id),
                 reason_codes=uow.visits.reason_codes(case.customer_id), team=team,
                 navigation=nav_link(customer.lat, customer.lon, customer.district))


@dataclass(frozen=True)
class CheckIn:
    """Where a team member is at the door, for which case (and appointment): check-in,
    check-out and the second member's confirmation of presence."""

    case_id: int
    appointment_id: int | None
    lat: float | None
    lon: float | None


def check_in(uow: UnitOfWork, principal: Principal, cmd: CheckIn,
             params: FieldParams) -> tuple[float | None, bool]:
    """Check the team in at the door: its own visit only; distance recorded and flagged."""
    require(principal, Permission.CASE_VISIT)
    case = uow.cases.get(cmd.case_id)
    require_branch(principal, case.branch_id, N_("Case"), cmd.case_id)
    team_id = case.owner_team_id
    if cmd.appointment_id is not None:
        appt = uow.visits.appointment(cmd.appointment_id)
        if appt.case_id != case.id:
            raise VisitRefused(N_("The appointment is not of this case"))
        team_id = appt.team_id
    ids = {m.id for m in uow.visits.team(team_id)} if team_id else set()
    if principal.role == Role.FIELD_STAFF and principal.staff_id not in ids:
        raise VisitRefused(N_("This visit belongs to another team; you cannot check in "
                               "or record it"))
    point = uow.visits.customer_point(case.customer_id)
    distance, flagged = rules.check_in_distance(cmd.lat, cmd.lon, point.lat, point.lon, params)
    uow.audit(AuditEntry(principal.actor, "visit.check_in", "case", str(case.id), None,
                         {"distance_m": distance, "flagged": flagged,
                          "appointment_id": cmd.appointment_id}, uow.clock.now()))
    return distance, flagged
