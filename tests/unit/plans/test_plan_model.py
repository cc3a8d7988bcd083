"""Plan drafts: validation rules and goal progress, pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from doorstep.cases.model import BusinessLine
from doorstep.core.errors import ValidationFailed
from doorstep.evaluation.kpis import Goal, check_goals, kpi_value
from doorstep.evaluation.model import KpiCounts
from doorstep.plans.model import PlanDraft, StepDraft, problems, validate

GOOD = PlanDraft("2026年第四季度信用卡诉前上门计划", date(2026, 10, 1), date(2026, 12, 31),
                 ("credit_card",), (), 300, 0.1,
                 (Goal("resolution_rate", ">=", 0.6), Goal("csat", ">=", 4.5)),
                 (StepDraft("审批上门名单", date(2026, 10, 10)),))


def test_a_complete_draft_is_valid() -> None:
    """A draft with period, scope, budget, holdout and known goals has no problems."""
    assert problems(GOOD) == [] and validate(GOOD) is GOOD


@pytest.mark.parametrize(("change", "message"), [
    ({"period_end": date(2026, 9, 30)}, "计划结束日期不能早于开始日期"),
    ({"holdout_share": 0.6}, "对照组比例须在 0 至 0.5 之间"),
    ({"holdout_share": -0.1}, "对照组比例须在 0 至 0.5 之间"),
    ({"visit_budget": 0}, "上门预算（次数）须大于 0"),
    ({"goals": (Goal("happiness", ">=", 1.0),)}, "未知的目标指标「happiness」"),
    ({"goals": (Goal("resolution_rate", ">=", 60.0),)}, "须在 0 至 1 之间"),
    ({"business_lines": ()}, "请至少选择一个业务条线"),
    ({"name": " "}, "计划名称不能为空"),
])
def test_each_bad_field_is_named_in_chinese(change: dict[str, object], message: str) -> None:
    """Every invalid field gives its own clear Chinese message."""
    with pytest.raises(ValidationFailed) as err:
        validate(replace(GOOD, **change))  # type: ignore[arg-type]
    assert message in err.value.detail_in("zh-CN")


def test_all_problems_are_reported_together() -> None:
    """A draft with several mistakes names all of them at once."""
    bad = replace(GOOD, period_end=date(2026, 1, 1), visit_budget=-5, holdout_share=0.9)
    assert len(problems(bad)) == 3


def test_goal_values_from_counts() -> None:
    """Rates, NPS and kept agreements come from the counts; no data means not met."""
    c = KpiCounts(resolved=6, decided=10, cases=20, escalated=2, cases_contacted=15,
                  nps_promoters=5, nps_detractors=1, nps_answers=8, agreements_kept=3,
                  agreements_broken=1, recovered=500.0, overdue=1000.0)
    assert kpi_value("resolution_rate", c) == 0.6
    assert kpi_value("nps", c) == 50.0
    assert kpi_value("escalation_rate", c) == 0.1
    assert kpi_value("contact_rate", c) == 0.75
    assert kpi_value("agreements_kept_rate", c) == 0.75
    assert kpi_value("recovery_rate", c) == 0.5
    met = check_goals([Goal("resolution_rate", ">=", 0.6), Goal("csat", ">=", 4.5)], c)
    assert [g.met for g in met] == [True, False] and met[1].actual is None


@pytest.mark.parametrize("line", [b.value for b in BusinessLine])
def test_a_plan_accepts_every_business_line_the_enum_has(line: str) -> None:
    """Deposit accounts (存款账户) included: plans used to refuse ``deposit``."""
    assert problems(replace(GOOD, business_lines=(line,))) == []


def test_a_plan_refuses_a_line_the_bank_does_not_have() -> None:
    """An unknown line is still named."""
    found = problems(replace(GOOD, business_lines=("mortgage",)))
    assert [p.in_language("zh-CN") for p in found] == ["业务条线「mortgage」不存在"]
