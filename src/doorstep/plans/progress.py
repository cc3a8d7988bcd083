"""A plan's progress: steps done or late, and each goal's value so far. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

COMPARATORS = {">=": lambda v, t: v >= t, "<=": lambda v, t: v <= t,
               ">": lambda v, t: v > t, "<": lambda v, t: v < t}


@dataclass(frozen=True)
class PlanCounts:
    """Counts over the plan's cases so far."""

    resolved: int = 0
    decided: int = 0  # resolved, litigation, closed_unreachable, escalated, mediation
    visits_done: int = 0
    csat_sum: float = 0.0
    csat_answers: int = 0
    cases: int = 0
    escalated: int = 0  # escalated, mediation or litigation
    contacted: int = 0  # cases with a visit made
    nps_promoters: int = 0
    nps_detractors: int = 0
    nps_answers: int = 0
    agreements_kept: int = 0
    agreements_broken: int = 0
    recovered: float = 0.0  # repaid through agreements, yuan
    overdue: float = 0.0  # overdue amount of the plan's cases, yuan


@dataclass(frozen=True)
class Goal:
    metric: str
    comparator: str
    target: float


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    value: float | None
    met: bool


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def metric_value(metric: str, c: PlanCounts) -> float | None:
    """resolution_rate = resolved / decided; csat = mean score; visits_done = count;
    nps = % promoters - % detractors; escalation_rate and contact_rate over the plan's
    cases; agreements_kept_rate = kept / (kept + broken); recovery_rate = repaid / overdue."""
    values: dict[str, float | None] = {
        "resolution_rate": _ratio(c.resolved, c.decided),
        "csat": _ratio(c.csat_sum, c.csat_answers),
        "visits_done": float(c.visits_done),
        "nps": _ratio(100.0 * (c.nps_promoters - c.nps_detractors), c.nps_answers),
        "escalation_rate": _ratio(c.escalated, c.cases),
        "contact_rate": _ratio(c.contacted, c.cases),
        "agreements_kept_rate": _ratio(c.agreements_kept,
                                       c.agreements_kept + c.agreements_broken),
        "recovery_rate": _ratio(c.recovered, c.overdue),
    }
    return values.get(metric)


def goal_progress(goals: list[Goal], counts: PlanCounts) -> list[GoalProgress]:
    """Each goal's value so far and whether it meets its target (unknown: not met)."""
    out = []
    for g in goals:
        value = metric_value(g.metric, counts)
        met = value is not None and COMPARATORS[g.comparator](value, g.target)
        out.append(GoalProgress(g, value, met))
    return out


def steps_status(steps: list[tuple[date, bool]], today: date) -> tuple[int, int, int]:
    """(done, late, open): a step not done after its due date is late."""
    done = sum(1 for _, d in steps if d)
    late = sum(1 for due, d in steps if not d and due < today)
    return done, late, len(steps) - done - late
