"""A route plan as JSON and back, so that a stored plan can be re-planned later."""

from __future__ import annotations

from typing import Any

from doorstep.visits.routing import (
    GeoPoint,
    RoutePlan,
    RoutingProblem,
    Stop,
    StopKind,
    TeamRoute,
    TeamShift,
    Unassigned,
    UnassignedVisit,
    VisitRequest,
)


def _visit(v: VisitRequest) -> dict[str, Any]:
    return {"id": v.id, "lat": v.lat, "lon": v.lon, "ws": v.window_start, "we": v.window_end,
            "service": v.service, "skills": sorted(v.skills), "prize": v.prize,
            "optional": v.optional}


def _team(t: TeamShift) -> dict[str, Any]:
    return {"id": t.team_id, "start": [t.start.lat, t.start.lon], "end": [t.end.lat, t.end.lon],
            "ss": t.shift_start, "se": t.shift_end, "skills": sorted(t.skills),
            "max": t.max_visits, "ls": t.lunch_start, "le": t.lunch_end, "ld": t.lunch_duration}


def _stop(s: Stop) -> list[Any]:
    return [s.kind.value, s.visit_id, s.point.lat, s.point.lon, s.travel, s.arrival, s.start,
            s.departure]


def dump(plan: RoutePlan) -> dict[str, Any]:
    """The plan and its problem as plain JSON values."""
    return {
        "visits": [_visit(v) for v in plan.problem.visits],
        "teams": [_team(t) for t in plan.problem.teams],
        "routes": [{"team": r.team_id, "depart": r.depart, "ret": r.return_travel,
                    "back": r.back, "stops": [_stop(s) for s in r.stops]} for r in plan.routes],
        "unassigned": [[u.visit_id, u.reason.value] for u in plan.unassigned],
    }


def load(data: dict[str, Any]) -> RoutePlan:
    """The plan :func:`dump` wrote (pins and breaks are not kept: replan derives them)."""
    visits = tuple(VisitRequest(v["id"], v["lat"], v["lon"], v["ws"], v["we"], v["service"],
                                frozenset(v["skills"]), v["prize"], v["optional"])
                   for v in data["visits"])
    teams = tuple(TeamShift(t["id"], GeoPoint(*t["start"]), GeoPoint(*t["end"]), t["ss"],
                            t["se"], frozenset(t["skills"]), t["max"], t["ls"], t["le"], t["ld"])
                  for t in data["teams"])
    routes = tuple(TeamRoute(r["team"], r["depart"], tuple(
        Stop(StopKind(s[0]), s[1], GeoPoint(s[2], s[3]), s[4], s[5], s[6], s[7])
        for s in r["stops"]), r["ret"], r["back"]) for r in data["routes"])
    unassigned = tuple(UnassignedVisit(v, Unassigned(code)) for v, code in data["unassigned"])
    return RoutePlan(RoutingProblem(visits, teams), routes, unassigned)
