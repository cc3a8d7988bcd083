"""Reason codes: a feature's contribution to a risk score, worded in Chinese for the analyst.

The wording says which feature pushed the risk and how its value compares with the training
population, e.g. ``逾期天数较长（90天）`` or ``近6个月平均还款比例较低（3%）``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

Unit = Literal["days", "amount", "ratio", "count", "months", "years", "score", "flag", "number"]


@dataclass(frozen=True)
class FeaturePhrase:
    """How to word one feature: its label, unit and the words for above / below typical."""

    label: str
    unit: Unit
    high: str = "较高"
    low: str = "较低"
    signed: bool = False


def _p(label: str, unit: Unit, high: str = "较高", low: str = "较低", signed: bool = False) -> (
    FeaturePhrase
):
    return FeaturePhrase(label, unit, high, low, signed)


_MANY, _FEW, _LONG, _SHORT, _BIG, _SMALL = "较多", "较少", "较长", "较短", "较大", "较小"

#: Our bank's feature names and their wording; unknown features fall back to their own name.
FEATURE_PHRASES: dict[str, FeaturePhrase] = {
    "days_past_due": _p("逾期天数", "days", _LONG, _SHORT),
    **{f"days_past_due_m{i}": _p(f"{i}个月前逾期天数", "days", _LONG, _SHORT)
       for i in range(1, 12)},
    "max_days_past_due_6m": _p("近6个月最长逾期天数", "days", _LONG, _SHORT),
    "months_delinquent_6m": _p("近6个月逾期月数", "months", _MANY, _FEW),
    "months_since_delinquent": _p("距最近一次逾期", "months", "较久", "较近"),
    "delinquency_trend": _p("逾期趋势（近3个月对比前3个月）", "days", "恶化", "好转", True),
    "roll_forward_count": _p("近6个月账龄恶化（滚动）次数", "count", _MANY, _FEW),
    "broken_promises": _p("违背还款承诺次数", "count", _MANY, _FEW),
    "overdue_amount": _p("逾期金额", "amount", _BIG, _SMALL),
    "balance": _p("欠款余额", "amount", _BIG, _SMALL),
    "credit_limit": _p("授信额度", "amount"),
    "utilisation": _p("额度使用率", "ratio"),
    "utilisation_avg_6m": _p("近6个月平均额度使用率", "ratio"),
    "utilisation_max_6m": _p("近6个月最高额度使用率", "ratio"),
    "balance_trend": _p("近6个月欠款变化（占额度）", "ratio", "上升", "下降", True),
    "months_over_limit_6m": _p("近6个月超限月数", "months", _MANY, _FEW),
    "payment_ratio_last": _p("上月还款比例", "ratio"),
    "payment_ratio_avg_6m": _p("近6个月平均还款比例", "ratio"),
    "payment_ratio_min_6m": _p("近6个月最低还款比例", "ratio"),
    "months_no_payment_6m": _p("近6个月未还款月数", "months", _MANY, _FEW),
    "payment_amount_last": _p("上月还款金额", "amount", _BIG, _SMALL),
    "payment_amount_avg_6m": _p("近6个月平均还款金额", "amount", _BIG, _SMALL),
    "payment_to_limit_avg_6m": _p("近6个月还款额占额度比例", "ratio"),
    "months_paid_in_full_6m": _p("近6个月全额还款月数", "months", _MANY, _FEW),
    "months_revolving_6m": _p("近6个月循环透支月数", "months", _MANY, _FEW),
    "months_no_usage_6m": _p("近6个月未用卡月数", "months", _MANY, _FEW),
    "complaints_90d": _p("近90天投诉次数", "count", _MANY, _FEW),
    "complaint_severity": _p("投诉严重程度", "score"),
    "dissatisfaction": _p("客户不满情绪得分", "score"),
    "strong_dissatisfaction": _p("强烈不满情绪", "flag", "有", "无"),
    "regulator_complaint": _p("监管投诉", "flag", "有", "无"),
    "contacts_30d": _p("近30天联系次数", "count", _MANY, _FEW),
    "failed_contacts_30d": _p("近30天联系失败次数", "count", _MANY, _FEW),
    "failed_visits": _p("上门未果次数", "count", _MANY, _FEW),
    "age": _p("年龄", "years", _BIG, _SMALL),
    "delinquency_bucket": _p("账龄（M0–M6+）", "number"),
    "max_days_past_due_12m": _p("近12个月最长逾期天数", "days", _LONG, _SHORT),
    "months_delinquent_12m": _p("近12个月逾期月数", "months", _MANY, _FEW),
    "roll_rate": _p("近12个月账龄恶化比例", "ratio"),
    "amount_at_risk": _p("风险敞口金额", "amount", _BIG, _SMALL),
    "complaints_365d": _p("近一年投诉次数", "count", _MANY, _FEW),
    "days_since_complaint": _p("距最近一次投诉天数", "days", "较久", "较近"),
    "max_dissatisfaction": _p("最高不满情绪得分", "score"),
}

_FORMATS: dict[Unit, str] = {"days": "{:.0f}天", "amount": "{:,.0f}元", "count": "{:.0f}次",
                             "months": "{:.0f}个月", "years": "{:.0f}岁", "score": "{:.2f}",
                             "number": "{:.4g}", "ratio": "{:.0f}%", "flag": "{:.0f}"}


@dataclass(frozen=True)
class ReasonCode:
    """One reason: the feature, its value, its contribution (log-odds) and the Chinese text."""

    feature: str
    value: float | None
    contribution: float
    text: str

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


def word(feature: str, value: float | None, typical: float) -> str:
    """Word a feature value relative to the typical (median) value of the training data.

    Parameters
    ----------
    feature : str
        Feature name, e.g. ``days_past_due``.
    value : float or None
        The customer's value; ``None`` or NaN means missing.
    typical : float
        The training median of the feature.

    Returns
    -------
    str
        E.g. ``逾期天数较长（90天）``, ``有强烈不满情绪``, ``额度使用率缺失``.
    """
    phrase = phrase_for(feature)
    if value is None or math.isnan(value):
        return f"{phrase.label}缺失"
    if phrase.unit == "flag":
        return f"{phrase.high if value else phrase.low}{phrase.label}"
    shown = value * 100 if phrase.unit == "ratio" else value
    text = _FORMATS[phrase.unit].format(shown)
    if phrase.signed and value > 0:
        text = "+" + text
    level = phrase.high if value > typical else phrase.low if value < typical else "处于常见水平"
    return f"{phrase.label}{level}（{text}）"
