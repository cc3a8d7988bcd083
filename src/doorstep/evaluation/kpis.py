"""The KPIs of DESIGN §8 from :class:`KpiCounts`: one place, pure, documented per metric.
The dashboard, the reports and a plan's progress page all compute them here.

Rates are fractions in [0, 1]; a metric whose denominator is zero is ``None`` ("no data").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from doorstep.core.i18n import N_
from doorstep.evaluation.model import KpiCounts

COMPARATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda v, t: v >= t, "<=": lambda v, t: v <= t,
    ">": lambda v, t: v > t, "<": lambda v, t: v < t}


@dataclass(frozen=True)
class Goal:
    """A plan's target for one KPI: ``metric`` ``comparator`` ``target``."""

    metric: str
    comparator: str
    target: float


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


#: metric -> its name (a msgid, translated where it is shown).
KPI_LABELS: dict[str, str] = {
    "visits_done": N_("Visits made"),
    "contact_rate": N_("Contact rate"),
    "csat": N_("CSAT (out of 5)"),
    "nps": N_("NPS"),
    "survey_response_rate": N_("Survey response rate"),
    "resolution_rate": N_("Resolution rate"),
    "agreements_kept_rate": N_("Agreements kept"),
    "amount_recovered": N_("Amount recovered"),
    "recovery_rate": N_("Recovery rate"),
    "escalation_rate": N_("Escalation rate"),
    "litigation_rate": N_("Litigation rate"),
    "time_to_resolution": N_("Mean time to resolution (days)"),
    "compliance_exceptions": N_("Compliance exceptions"),
}
#: metric -> "rate", "count", "money", "score" or "days".
KPI_KINDS: dict[str, str] = {
    "visits_done": "count",
    "contact_rate": "rate",
    "csat": "score",
    "nps": "score",
    "survey_response_rate": "rate",
    "resolution_rate": "rate",
    "agreements_kept_rate": "rate",
    "amount_recovered": "money",
    "recovery_rate": "rate",
    "escalation_rate": "rate",
    "litigation_rate": "rate",
    "time_to_resolution": "days",
    "compliance_exceptions": "count",
}

#: The KPIs a plan may set a goal on (a plan's progress is measured over its own cases).
GOAL_METRICS = ("resolution_rate", "csat", "nps", "visits_done", "escalation_rate",
                "contact_rate", "agreements_kept_rate", "recovery_rate")


def is_rate(metric: str) -> bool:
    """A fraction in [0, 1], shown as a percentage."""
    return KPI_KINDS.get(metric) == "rate"


_FORMULAS: dict[str, Callable[[KpiCounts], float | None]] = {
    # visits made in the period
    "visits_done": lambda c: float(c.visits_done),
    # cases whose visit met the customer / cases ("not at home" is a visit made, not a
    # contact: evaluation.model.NOT_CONTACTED_OUTCOMES)
    "contact_rate": lambda c: _ratio(c.cases_contacted, c.cases),
    # mean survey score 1–5
    "csat": lambda c: _ratio(c.csat_sum, c.csat_answers),
    # % promoters (9–10) − % detractors (0–6)
    "nps": lambda c: _ratio(100.0 * (c.nps_promoters - c.nps_detractors), c.nps_answers),
    # surveys answered / surveys sent
    "survey_response_rate": lambda c: _ratio(c.surveys_answered, c.surveys_sent),
    # resolved / decided (resolved, escalated, mediation, litigation, unreachable)
    "resolution_rate": lambda c: _ratio(c.resolved, c.decided),
    # kept / (kept + broken)
    "agreements_kept_rate": lambda c: _ratio(c.agreements_kept,
                                             c.agreements_kept + c.agreements_broken),
    # yuan paid on agreements in the period
    "amount_recovered": lambda c: round(c.recovered, 2),
    # recovered / overdue amount of the cases
    "recovery_rate": lambda c: _ratio(c.recovered, c.overdue),
    # escalated (incl. mediation and litigation) / cases
    "escalation_rate": lambda c: _ratio(c.escalated, c.cases),
    # litigation / cases
    "litigation_rate": lambda c: _ratio(c.litigation, c.cases),
    # mean days from opening to closing, over resolved cases closed in the period
    "time_to_resolution": lambda c: _ratio(c.resolution_days_sum, c.resolution_days_n),
    # compliance exceptions recorded in the period
    "compliance_exceptions": lambda c: float(c.compliance_exceptions),
}


def kpi_value(metric: str, counts: KpiCounts) -> float | None:
    """The value of one metric (``None`` without data or for an unknown metric)."""
    formula = _FORMULAS.get(metric)
    return formula(counts) if formula else None


def kpi_values(counts: KpiCounts) -> dict[str, float | None]:
    """Every KPI of :data:`KPI_LABELS`, in that order."""
    return {metric: kpi_value(metric, counts) for metric in KPI_LABELS}


@dataclass(frozen=True)
class GoalCheck:
    """A plan goal with its actual value and whether the target is met."""

    goal: Goal
    actual: float | None
    met: bool


def check_goals(goals: tuple[Goal, ...] | list[Goal], counts: KpiCounts) -> list[GoalCheck]:
    """Each goal against its actual value (an unknown value does not meet its target)."""
    out = []
    for g in goals:
        actual = kpi_value(g.metric, counts)
        compare = COMPARATORS.get(g.comparator)
        out.append(GoalCheck(g, actual, actual is not None and compare is not None
                             and bool(compare(actual, g.target))))
    return out


def format_kpi(metric: str, value: float | None) -> str:
    """A value as shown on screen and in reports."""
    if value is None:
        return "—"
    kind = KPI_KINDS.get(metric, "score")
    if kind == "rate":
        return f"{value:.1%}"
    if kind == "count":
        return f"{value:,.0f}"
    if kind == "money":
        return f"¥{value:,.2f}"
    if kind == "days":
        return f"{value:.1f}"
    return f"{value:.2f}"
