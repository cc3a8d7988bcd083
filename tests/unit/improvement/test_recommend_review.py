"""Recommendations (staff to train, rules to tighten) and the period comparison are pure."""

from __future__ import annotations

from datetime import date

import pytest

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import label_in
from doorstep.evaluation.improvement.recommend import (
    RuleStats,
    StaffStats,
    TrainingThresholds,
    model_advice,
    rules_to_tighten,
    staff_needing_training,
)
from doorstep.evaluation.improvement.review import Period, kpi_deltas


def test_staff_with_low_csat_or_exceptions_need_training_with_reasons() -> None:
    """Low CSAT over enough surveys, or any compliance exception, makes a training need;
    too few surveys do not; exceptions rank first."""
    stats = [StaffStats(1, "王芳", 5, 3.2, 0), StaffStats(2, "李强", 2, 1.0, 0),
             StaffStats(3, "赵敏", 8, 4.6, 2), StaffStats(4, "陈杰", 6, 4.1, 0)]
    needs = staff_needing_training(stats)
    assert [n.staff_id for n in needs] == [3, 1]
    assert needs[0].reasons == ("合规例外 2 次",) and needs[0].compliance_exceptions == 2
    assert needs[1].reasons == ("客户满意度偏低：3.20（5 份问卷）",) and needs[1].low_csat


def test_training_thresholds_are_adjustable_and_validated() -> None:
    """A stricter CSAT bar flags more staff; a CSAT bar outside 1–5 is refused."""
    stats = [StaffStats(4, "陈杰", 6, 4.1, 0)]
    assert staff_needing_training(stats, TrainingThresholds(min_csat=4.5))[0].staff_id == 4
    with pytest.raises(ValidationFailed):
        TrainingThresholds(min_csat=7)


def test_rules_with_low_success_or_high_escalation_are_flagged() -> None:
    """A rule is flagged for low visit success or high escalation, only with enough
    customers; the highest escalation rate comes first."""
    stats = [RuleStats("逾期60天以上", 20, 10, 3, 2), RuleStats("强烈不满", 10, 5, 4, 4),
             RuleStats("小样本", 3, 3, 0, 3), RuleStats("良好", 30, 20, 15, 1)]
    advice = rules_to_tighten(stats)
    assert [a.rule for a in advice] == ["强烈不满", "逾期60天以上"]
    assert advice[0].reasons == ("升级率 40%（10 位客户）",)
    assert advice[1].reasons == ("上门成功率 30%（10 次上门）",)


def test_model_advice_mentions_major_drift() -> None:
    """The model recommendation follows the verdict and warns of major drift."""
    assert "驳回" in model_advice("worse", 0)
    assert "2 个特征显著漂移" in model_advice("better", 2)


def test_previous_period_has_the_same_length_just_before() -> None:
    """The previous period ends the day before and lasts as many days."""
    p = Period.ending(date(2026, 11, 30), 30)
    assert (p.start, p.previous().start, p.previous().end) == (
        date(2026, 11, 1), date(2026, 10, 2), date(2026, 10, 31))
    with pytest.raises(ValidationFailed):
        Period(date(2026, 11, 2), date(2026, 11, 1))


def test_kpi_deltas_know_which_direction_is_better() -> None:
    """More visits is better, a higher escalation rate is worse; a missing figure has no
    verdict; the §8 KPIs come with the evaluation dashboard's own labels."""
    deltas = {d.name: d for d in kpi_deltas(
        {"visits_done": 10, "escalation_rate": 0.2, "csat": None},
        {"visits_done": 12, "escalation_rate": 0.25, "csat": 4.2})}
    assert deltas["visits_done"].improved is True and deltas["visits_done"].change == 2
    assert deltas["escalation_rate"].improved is False
    assert deltas["escalation_rate"].direction == "up"
    assert deltas["csat"].improved is None and deltas["csat"].direction == "n/a"
    assert label_in(deltas["resolution_rate"].label, "zh-CN") == "化解率"
    assert deltas["regulator_complaints"].improved is None  # no figure for either period
