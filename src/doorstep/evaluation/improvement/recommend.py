"""What to change (pure): rules to tighten and staff to train, each with its reason.

``staff_needing_training`` is the one place that decides which staff need training; the
training capability imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, _


@dataclass(frozen=True)
class StaffStats:
    """One staff member over a period: answered surveys, their mean CSAT (1–5), exceptions."""

    staff_id: int
    name: str
    surveys: int
    mean_csat: float | None
    compliance_exceptions: int


@dataclass(frozen=True)
class TrainingThresholds:
    """Below ``min_csat`` over at least ``min_surveys`` answers, or more than
    ``max_exceptions`` compliance exceptions, a staff member is recommended for training."""

    min_csat: float = 3.5
    min_surveys: int = 3
    max_exceptions: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.min_csat <= 5 or self.min_surveys < 1 or self.max_exceptions < 0:
            raise ValidationFailed(N_("invalid training thresholds: %(values)s"), values=str(self))


@dataclass(frozen=True)
class TrainingNeed:
    """A staff member to train and why (reasons in the current language, e.g. "Low customer
    satisfaction: 3.10 (5 surveys)")."""

    staff_id: int
    name: str
    reasons: tuple[str, ...]
    low_csat: bool
    compliance_exceptions: int


def staff_needing_training(stats: Sequence[StaffStats],
                           thresholds: TrainingThresholds | None = None) -> list[TrainingNeed]:
    """Staff with low satisfaction or compliance exceptions, most reasons first.

    Parameters
    ----------
    stats : sequence of StaffStats
        Per staff member over the period.
    thresholds : TrainingThresholds, optional
        Defaults: CSAT below 3.5 over ≥ 3 surveys, or any compliance exception.

    Returns
    -------
    list of TrainingNeed
        Sorted by exceptions (desc), then CSAT (asc), then staff id.
    """
    limits = thresholds or TrainingThresholds()
    needs = []
    for s in stats:
        low = (s.mean_csat is not None and s.surveys >= limits.min_surveys
               and s.mean_csat < limits.min_csat)
        reasons = []
        if low:
            reasons.append(_("Low customer satisfaction: %(csat)s (%(n)s surveys)",
                             csat=f"{s.mean_csat:.2f}", n=s.surveys))
        if s.compliance_exceptions > limits.max_exceptions:
            reasons.append(_("%(n)s compliance exceptions", n=s.compliance_exceptions))
        if reasons:
            needs.append((s, TrainingNeed(s.staff_id, s.name, tuple(reasons), low,
                                          s.compliance_exceptions)))
    needs.sort(key=lambda p: (-p[0].compliance_exceptions, p[0].mean_csat or 5.0, p[0].staff_id))
    return [need for _, need in needs]


@dataclass(frozen=True)
class RuleStats:
    """Outcomes of the customers one screening rule selected (cases opened from approved runs)."""

    rule: str
    selected: int
    visited: int
    successful_visits: int
    escalated: int

    @property
    def success_rate(self) -> float | None:
        """Share of visited customers whose visit succeeded."""
        return self.successful_visits / self.visited if self.visited else None

    @property
    def escalation_rate(self) -> float | None:
        """Share of selected customers whose case escalated."""
        return self.escalated / self.selected if self.selected else None


@dataclass(frozen=True)
class RuleThresholds:
    """A rule with at least ``min_selected`` customers is flagged below ``min_success`` visit
    success or above ``max_escalation`` escalation."""

    min_success: float = 0.5
    max_escalation: float = 0.15
    min_selected: int = 5


@dataclass(frozen=True)
class RuleAdvice:
    """A rule to tighten and why."""

    rule: str
    stats: RuleStats
    reasons: tuple[str, ...]


def rules_to_tighten(stats: Sequence[RuleStats],
                     thresholds: RuleThresholds | None = None) -> list[RuleAdvice]:
    """Rules whose selected customers were seldom visited successfully or often escalated.

    Parameters
    ----------
    stats : sequence of RuleStats
    thresholds : RuleThresholds, optional

    Returns
    -------
    list of RuleAdvice
        Highest escalation rate first.
    """
    limits = thresholds or RuleThresholds()
    advice = []
    for s in stats:
        if s.selected < limits.min_selected:
            continue
        reasons = []
        if s.success_rate is not None and s.success_rate < limits.min_success:
            reasons.append(_("Visit success rate %(rate)s (%(n)s visits)",
                             rate=f"{s.success_rate:.0%}", n=s.visited))
        if s.escalation_rate is not None and s.escalation_rate > limits.max_escalation:
            reasons.append(_("Escalation rate %(rate)s (%(n)s customers)",
                             rate=f"{s.escalation_rate:.0%}", n=s.selected))
        if reasons:
            advice.append(RuleAdvice(s.rule, s, tuple(reasons)))
    return sorted(advice, key=lambda a: (-(a.stats.escalation_rate or 0.0), a.rule))


MODEL_ADVICE = {
    "better": N_("The candidate beats the current model on the time holdout: approve it."),
    "similar": N_("The candidate performs like the current model: keep the current one or "
                  "decide with the drift in mind."),
    "worse": N_("The candidate is worse than the current model: refuse it."),
    "no_champion": N_("There is no current model yet: approve the candidate."),
}


def model_advice(verdict: str, major_drift: int) -> str:
    """The model recommendation in the current language, noting features with major drift."""
    text = _(MODEL_ADVICE[verdict])
    if major_drift:
        text += _(" %(n)s features drifted markedly: watch how the customers change.",
                  n=major_drift)
    return text
