"""Daily visit routes (§7): plan, re-plan and independently validate teams' routes.

The public surface::

    problem = RoutingProblem(visits=(...), teams=(...))
    plan = plan_routes(problem, RoutingParams.from_toml("routing.toml"), seed=7)
    assert validate_plan(plan, params) == []

Times are integer seconds since local midnight (:func:`hhmm` / :func:`clock` convert).
"""

from .model import GeoPoint, Pin, PinnedBreak, RoutingProblem, TeamShift, VisitRequest
from .params import RoutingParams
from .plan import RoutePlan, Stop, StopKind, TeamRoute, UnassignedVisit
from .reasons import Unassigned, reason_text
from .replan import PlanChanges, replan
from .solver import plan_routes
from .timeofday import clock, hhmm, seconds_of_day
from .travel import HaversineMatrix, TravelMatrix
from .validator import Violation, validate_plan
from .vrplib import solve_vrptw_instance

__all__ = [
    "GeoPoint",
    "HaversineMatrix",
    "Pin",
    "PinnedBreak",
    "PlanChanges",
    "RoutePlan",
    "RoutingParams",
    "RoutingProblem",
    "Stop",
    "StopKind",
    "TeamRoute",
    "TeamShift",
    "TravelMatrix",
    "Unassigned",
    "UnassignedVisit",
    "VisitRequest",
    "Violation",
    "clock",
    "hhmm",
    "plan_routes",
    "reason_text",
    "replan",
    "seconds_of_day",
    "solve_vrptw_instance",
    "validate_plan",
]
