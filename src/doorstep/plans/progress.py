"""A plan's progress: steps done or late. Pure. A goal's value is a KPI, computed by
``evaluation.kpis`` from the plan's :class:`~doorstep.evaluation.model.KpiCounts`."""

from __future__ import annotations

from datetime import date


def steps_status(steps: list[tuple[date, bool]], today: date) -> tuple[int, int, int]:
    """(done, late, open): a step not done after its due date is late."""
    done = sum(1 for _, d in steps if d)
    late = sum(1 for due, d in steps if not d and due < today)
    return done, late, len(steps) - done - late
