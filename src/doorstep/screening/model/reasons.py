"""Reason codes: a feature's contribution to a risk score, worded for the analyst.

The wording says which feature pushed the risk and how its value compares with the training
population, e.g. "Days past due: longer than usual (90 days)", translated in the catalogue.
The words are gettext messages (English msgids, Chinese in the catalogue); a stored reason keeps
its feature, value and level, so a page re-words it in the reader's language.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from doorstep.core.i18n import N_, Msg

Unit = Literal["days", "amount", "ratio", "count", "months", "years", "score", "flag", "number"]
Level = Literal["high", "low", "typical", "missing"]


@dataclass(frozen=True)
class FeaturePhrase:
    """How to word one feature: its label, unit and the words for above / below typical."""

    label: str
    unit: Unit
    high: str = N_("higher than usual")
    low: str = N_("lower than usual")
    signed: bool = False
    #: The label's ``%(n)s`` (e.g. the month of ``days_past_due_m3``).
    n: int | None = None

    def label_msg(self) -> Msg:
        return Msg(self.label, {} if self.n is None else {"n": self.n})


def _p(label: str, unit: Unit, high: str = N_("higher than usual"),
       low: str = N_("lower than usual"), signed: bool = False,
       n: int | None = None) -> FeaturePhrase:
    return FeaturePhrase(label, unit, high, low, signed, n)


_MANY, _FEW = N_("more than usual"), N_("fewer than usual")
_LONG, _SHORT = N_("longer than usual"), N_("shorter than usual")
_BIG, _SMALL = N_("larger than usual"), N_("smaller than usual")
_YES, _NO = N_("present"), N_("absent")

#: Our bank's feature names and their wording; unknown features fall back to their own name.
FEATURE_PHRASES: dict[str, FeaturePhrase] = {
    "days_past_due": _p(N_("Days past due"), "days", _LONG, _SHORT),
    **{f"days_past_due_m{i}": _p(N_("Days past due %(n)s months ago"), "days", _LONG, _SHORT,
                                 n=i)
       for i in range(1, 12)},
    "max_days_past_due_6m": _p(N_("Longest days past due, last 6 months"), "days", _LONG, _SHORT),
    "months_delinquent_6m": _p(N_("Months overdue, last 6 months"), "months", _MANY, _FEW),
    "months_since_delinquent": _p(N_("Time since last overdue"), "months",
                                  N_("longer ago than usual"), N_("more recent than usual")),
    "delinquency_trend": _p(N_("Overdue trend (last 3 months against the 3 before)"), "days",
                            N_("worsening"), N_("improving"), True),
    "roll_forward_count": _p(N_("Roll-forwards to a worse bucket, last 6 months"), "count",
                             _MANY, _FEW),
    "broken_promises": _p(N_("Broken promises to pay"), "count", _MANY, _FEW),
    "overdue_amount": _p(N_("Overdue amount"), "amount", _BIG, _SMALL),
    "balance": _p(N_("Balance owed"), "amount", _BIG, _SMALL),
    "credit_limit": _p(N_("Credit limit"), "amount"),
    "utilisation": _p(N_("Credit utilisation"), "ratio"),
    "utilisation_avg_6m": _p(N_("Average utilisation, last 6 months"), "ratio"),
    "utilisation_max_6m": _p(N_("Highest utilisation, last 6 months"), "ratio"),
    "balance_trend": _p(N_("Change in balance, last 6 months (share of limit)"), "ratio",
                        N_("rising"), N_("falling"), True),
    "months_over_limit_6m": _p(N_("Months over limit, last 6 months"), "months", _MANY, _FEW),
    "payment_ratio_last": _p(N_("Share repaid last month"), "ratio"),
    "payment_ratio_avg_6m": _p(N_("Average share repaid, last 6 months"), "ratio"),
    "payment_ratio_min_6m": _p(N_("Lowest share repaid, last 6 months"), "ratio"),
    "months_no_payment_6m": _p(N_("Months without payment, last 6 months"), "months",
                               _MANY, _FEW),
    "payment_amount_last": _p(N_("Amount repaid last month"), "amount", _BIG, _SMALL),
    "payment_amount_avg_6m": _p(N_("Average amount repaid, last 6 months"), "amount",
                                _BIG, _SMALL),
    "payment_to_limit_avg_6m": _p(N_("Repayments as a share of the limit, last 6 months"),
                                  "ratio"),
    "months_paid_in_full_6m": _p(N_("Months paid in full, last 6 months"), "months",
                                 _MANY, _FEW),
    "months_revolving_6m": _p(N_("Months revolving, last 6 months"), "months", _MANY, _FEW),
    "months_no_usage_6m": _p(N_("Months without card use, last 6 months"), "months",
                             _MANY, _FEW),
    "complaints_90d": _p(N_("Complaints, last 90 days"), "count", _MANY, _FEW),
    "complaint_severity": _p(N_("Complaint severity"), "score"),
    "dissatisfaction": _p(N_("Customer dissatisfaction score"), "score"),
    "strong_dissatisfaction": _p(N_("Strong dissatisfaction"), "flag", _YES, _NO),
    "regulator_complaint": _p(N_("Complaint to the regulator"), "flag", _YES, _NO),
    "contacts_30d": _p(N_("Contacts, last 30 days"), "count", _MANY, _FEW),
    "failed_contacts_30d": _p(N_("Failed contacts, last 30 days"), "count", _MANY, _FEW),
    "failed_visits": _p(N_("Visits without meeting the customer"), "count", _MANY, _FEW),
    "age": _p(N_("Age"), "years", N_("older than usual"), N_("younger than usual")),
    "delinquency_bucket": _p(N_("Delinquency bucket (M0–M6+)"), "number"),
    "max_days_past_due_12m": _p(N_("Longest days past due, last 12 months"), "days",
                                _LONG, _SHORT),
    "months_delinquent_12m": _p(N_("Months overdue, last 12 months"), "months", _MANY, _FEW),
    "roll_rate": _p(N_("Share of months rolled to a worse bucket, last 12 months"), "ratio"),
    "amount_at_risk": _p(N_("Exposure at risk"), "amount", _BIG, _SMALL),
    "complaints_365d": _p(N_("Complaints, last year"), "count", _MANY, _FEW),
    "days_since_complaint": _p(N_("Days since the last complaint"), "days",
                               N_("longer ago than usual"), N_("more recent than usual")),
    "max_dissatisfaction": _p(N_("Highest dissatisfaction score"), "score"),
}

_NUMBER_FORMATS: dict[Unit, str] = {
    "days": "{:.0f}", "amount": "{:,.0f}", "count": "{:.0f}", "months": "{:.0f}",
    "years": "{:.0f}", "score": "{:.2f}", "number": "{:.4g}", "ratio": "{:.0f}", "flag": "{:.0f}"}
_UNITS: dict[Unit, str] = {
    "days": N_("%(n)s days"), "amount": N_("%(n)s yuan"), "count": N_("%(n)s times"),
    "months": N_("%(n)s months"), "years": N_("%(n)s years old"), "ratio": "%(n)s%%",
    "score": "%(n)s", "number": "%(n)s", "flag": "%(n)s"}
_TYPICAL = N_("at the usual level")
#: The reason a per-customer uplift model gives (stored as ``{"code": "uplift", "points": …}``).
UPLIFT_REASON = N_("Own uplift: a visit is expected to raise the chance that the arrears are "
                   "cured within 60 days by %(points)s points")


@dataclass(frozen=True)
class ReasonCode:
    """One reason: the feature, its value, its contribution (log-odds), its level against the
    training population and its text (in the language it was worded in)."""

    feature: str
    value: float | None
    contribution: float
    text: str
    level: Level | None = None

    @property
    def increases_risk(self) -> bool:
        """Whether this reason pushes the risk up."""
        return self.contribution > 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (stored with every selection)."""
        return {**asdict(self), "increases_risk": self.increases_risk}


def phrase_for(feature: str) -> FeaturePhrase:
    """The wording of ``feature`` (its own name as label when it has none)."""
    return FEATURE_PHRASES.get(feature, FeaturePhrase(feature, "number"))


def level_of(value: float | None, typical: float) -> Level:
    """Where ``value`` stands against the training median."""
    if value is None or math.isnan(value):
        return "missing"
    return "high" if value > typical else "low" if value < typical else "typical"


def reason_msg(feature: str, value: float | None, level: Level) -> Msg:
    """The words of one reason, to be shown in the reader's language.

    E.g. "Days past due longer than usual (90 days)", "Strong dissatisfaction: present",
    "Credit utilisation missing" (Chinese in the catalogue).
    """
    phrase = phrase_for(feature)
    label = phrase.label_msg() if feature in FEATURE_PHRASES else feature
    if level == "missing" or value is None or math.isnan(value):
        return Msg(N_("%(label)s missing"), {"label": label})
    if phrase.unit == "flag":
        return Msg(N_("%(label)s: %(level)s"),
                   {"label": label, "level": Msg(phrase.high if value else phrase.low)})
    shown = value * 100 if phrase.unit == "ratio" else value
    number = _NUMBER_FORMATS[phrase.unit].format(shown)
    if phrase.signed and value > 0:
        number = "+" + number
    words = {"high": phrase.high, "low": phrase.low, "typical": _TYPICAL}[level]
    return Msg(N_("%(label)s %(level)s (%(value)s)"),
               {"label": label, "level": Msg(words),
                "value": Msg(_UNITS[phrase.unit], {"n": number})})


def word(feature: str, value: float | None, typical: float) -> str:
    """Word a feature value relative to the typical (median) value of the training data, in
    the current language (see :func:`reason_msg`)."""
    return str(reason_msg(feature, value, level_of(value, typical)))


def stored_reason_words(reason: Mapping[str, Any]) -> str:
    """A stored reason in the current language: re-worded from its feature, value and level
    when it has them, else its stored text."""
    level = reason.get("level")
    feature = reason.get("feature")
    if reason.get("code") == "uplift" and reason.get("points") is not None:
        return str(Msg(UPLIFT_REASON, {"points": f"{float(reason['points']):.1f}"}))
    if feature and level in ("high", "low", "typical", "missing"):
        value = reason.get("value")
        return str(reason_msg(str(feature), None if value is None else float(value), level))
    return str(reason.get("text") or feature or reason.get("code") or "")
