"""The period review (pure): KPIs now against the previous period of equal length."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.evaluation.improvement.model import CandidateReview
from doorstep.evaluation.improvement.recommend import RuleAdvice, TrainingNeed
from doorstep.evaluation.kpis import KPI_LABELS

#: The §8 KPIs the review compares — defined once, in ``evaluation.kpis``, so the review and
#: the evaluation dashboard can never disagree — and whether higher is better.
HIGHER_IS_BETTER: dict[str, bool] = {
    "visits_done": True, "contact_rate": True, "csat": True, "nps": True,
    "survey_response_rate": True, "resolution_rate": True, "agreements_kept_rate": True,
    "recovery_rate": True, "escalation_rate": False, "litigation_rate": False,
    "time_to_resolution": False, "compliance_exceptions": False,
}
#: Not a §8 KPI, but what screening exists to prevent: complaints to the regulator received
#: in the period (all customers, not only those with cases).
REGULATOR_COMPLAINTS = "regulator_complaints"
REGULATOR_COMPLAINTS_LABEL = N_("Complaints to the regulator")

#: KPI name → (its label's msgid, True if higher is better).
KPIS: dict[str, tuple[str, bool]] = {
    **{m: (KPI_LABELS[m], up) for m, up in HIGHER_IS_BETTER.items()},
    REGULATOR_COMPLAINTS: (REGULATOR_COMPLAINTS_LABEL, False),
}


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationFailed(N_("invalid period: %(start)s – %(end)s"),
                                   start=self.start.isoformat(), end=self.end.isoformat())

    @property
    def days(self) -> int:
        """Length in days."""
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @classmethod
    def ending(cls, end: date, days: int = 30) -> Period:
        """The ``days`` days up to and including ``end``."""
        if days < 1:
            raise ValidationFailed(N_("days must be ≥ 1, got %(days)s"), days=days)
        return cls(end - timedelta(days=days - 1), end)


@dataclass(frozen=True)
class KpiDelta:
    """One KPI in both periods and whether it moved the right way."""

    name: str
    label: str
    previous: float | None
    current: float | None
    change: float | None
    direction: str  # up | down | flat | n/a
    improved: bool | None


def kpi_deltas(previous: Mapping[str, float | None],
               current: Mapping[str, float | None]) -> list[KpiDelta]:
    """Compare each KPI of :data:`KPIS` between the two periods.

    Parameters
    ----------
    previous, current : mapping of KPI name to value (None when undefined, e.g. no surveys)

    Returns
    -------
    list of KpiDelta
        In the order of :data:`KPIS`.
    """
    out = []
    for name, (label, higher_better) in KPIS.items():
        before, now = previous.get(name), current.get(name)
        if before is None or now is None:
            out.append(KpiDelta(name, label, before, now, None, "n/a", None))
            continue
        change = round(now - before, 4)
        direction = "up" if change > 0 else "down" if change < 0 else "flat"
        improved = None if change == 0 else (change > 0) == higher_better
        out.append(KpiDelta(name, label, before, now, change, direction, improved))
    return out


@dataclass(frozen=True)
class PeriodReview:
    """Everything the continuous-improvement page shows for one period against the previous one."""

    period: Period
    previous: Period
    kpis: tuple[KpiDelta, ...]
    candidate: CandidateReview | None
    model_advice: str | None
    rules: tuple[RuleAdvice, ...]
    rules_checked: int
    staff: tuple[TrainingNeed, ...]
