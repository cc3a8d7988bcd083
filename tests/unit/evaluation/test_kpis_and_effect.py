"""Pure evaluation maths: KPI formulas, goals, periods, satisfaction (the effect: test_itt.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from doorstep.evaluation.kpis import Goal, check_goals, format_kpi, kpi_value, kpi_values
from doorstep.evaluation.model import BadPeriod, KpiCounts, Period
from doorstep.evaluation.satisfaction import Comment, summarise


def test_rates_without_denominator_are_unknown() -> None:
    """A rate over nothing is None (no data), never zero or an error."""
    values = kpi_values(KpiCounts())
    assert values["resolution_rate"] is None and values["csat"] is None
    assert values["visits_done"] == 0.0


def test_nps_is_promoters_minus_detractors() -> None:
    """NPS = % promoters − % detractors over the answers."""
    c = KpiCounts(nps_promoters=5, nps_detractors=2, nps_answers=10)
    assert kpi_value("nps", c) == pytest.approx(30.0)


def test_counts_add_field_by_field() -> None:
    """Adding counts (e.g. the two members of a team) adds every field."""
    total = KpiCounts(cases=2, recovered=1.5) + KpiCounts(cases=3, recovered=2.0)
    assert (total.cases, total.recovered) == (5, 3.5)


def test_unknown_value_does_not_meet_a_goal() -> None:
    """A goal whose metric has no data is not met; a known one is compared."""
    checks = check_goals([Goal("csat", ">=", 4), Goal("visits_done", ">=", 1)],
                         KpiCounts(visits_done=1))
    assert [(g.actual, g.met) for g in checks] == [(None, False), (1.0, True)]


def test_formatting_by_kind() -> None:
    """Rates show as percentages, money in yuan, counts as integers."""
    assert (format_kpi("contact_rate", 0.6), format_kpi("amount_recovered", 700),
            format_kpi("visits_done", 5.0), format_kpi("csat", None)) == (
        "60.0%", "¥700.00", "5", "—")


def test_month_period_and_bounds() -> None:
    """A month covers its local days; bounds are local midnight in UTC."""
    p = Period.month("2026-02")
    assert (p.start, p.end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert p.begins == datetime(2026, 1, 31, 16) and p.ends == datetime(2026, 2, 28, 16)
    with pytest.raises(BadPeriod):
        Period.month("2026-13")


def test_satisfaction_orders_worst_first_with_themes() -> None:
    """Comments sort by dissatisfaction and the dissatisfied ones give their own themes."""
    at = datetime(2026, 10, 1)
    comments = [Comment(1, "A1", at, 5, 10, "工作人员很有耐心，非常满意", 0.1),
                Comment(2, "A2", at, 1, 0, "上门就是变相催收，态度敷衍", 0.9),
                Comment(3, "A3", at, 2, 3, "变相催收，问题没有解决", 0.8)]
    s = summarise(comments)
    assert [c.survey_id for c in s.comments] == [2, 3, 1] and s.dissatisfied == 2
    assert "催收" in {w for w, _ in s.dissatisfied_themes} or "变相" in {
        w for w, _ in s.dissatisfied_themes}


def test_rollup_by_dimension_and_staff() -> None:
    """Groups sum by any dimension; by staff a team's counts go to both members."""
    from doorstep.evaluation.model import Dimension, rollup, total

    cube = {(1, 10, "loan", 3): KpiCounts(cases=2), (1, 11, "loan", 4): KpiCounts(cases=3),
            (1, None, "wealth", 3): KpiCounts(cases=1)}
    assert total(cube).cases == 6
    assert {k: c.cases for k, c in rollup(cube, Dimension.BRANCH).items()} == {"3": 3, "4": 3}
    assert {k: c.cases for k, c in rollup(cube, Dimension.TEAM).items()} == {
        "10": 2, "11": 3, None: 1}
    staff = rollup(cube, Dimension.STAFF, {10: (100, 101), 11: (100, 102)})
    assert {k: c.cases for k, c in staff.items()} == {"100": 5, "101": 2, "102": 3}
