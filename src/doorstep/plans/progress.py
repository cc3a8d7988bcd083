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


def metric_value(metric: str, c: PlanCounts) -> float | None:
    """resolution_rate = resolved / decided; csat = mean score; visits_done = count."""
    if metric == "resolution_rate":
        return c.resolved / c.decided if c.decided else None
    if metric == "csat":
        return c.csat_sum / c.csat_answers if c.csat_answers else None
    if metric == "visits_done":
        return float(c.visits_done)
    return None


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
