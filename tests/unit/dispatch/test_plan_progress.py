"""Plan progress: goal values from counts and late steps."""

from __future__ import annotations

from datetime import date

from doorstep.evaluation.kpis import Goal, check_goals
from doorstep.evaluation.model import KpiCounts
from doorstep.plans.progress import steps_status


def test_resolution_rate_and_csat_against_their_targets() -> None:
    """6 resolved of 10 decided meets ≥ 0.6; a CSAT of 4.2 misses ≥ 4.5."""
    counts = KpiCounts(resolved=6, decided=10, visits_done=30, csat_sum=42, csat_answers=10)
    rate, csat = check_goals([Goal("resolution_rate", ">=", 0.6), Goal("csat", ">=", 4.5)],
                               counts)
    assert (rate.actual, rate.met) == (0.6, True)
    assert csat.actual == 4.2 and not csat.met


def test_a_goal_without_data_is_not_met() -> None:
    """No decided case yet: the resolution rate is unknown and not counted as met."""
    (rate,) = check_goals([Goal("resolution_rate", ">=", 0.6)], KpiCounts())
    assert rate.actual is None and not rate.met


def test_steps_past_due_and_not_done_are_late() -> None:
    """One done, one overdue, one still ahead."""
    today = date(2026, 11, 2)
    steps = [(date(2026, 10, 1), True), (date(2026, 10, 15), False), (date(2026, 12, 1), False)]
    assert steps_status(steps, today) == (1, 1, 1)
