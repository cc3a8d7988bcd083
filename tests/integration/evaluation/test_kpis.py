"""KPIs against a real database: every figure of a hand-built bank checked exactly."""

from __future__ import annotations

from typing import Any

import pytest

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.errors import NotFound, PermissionDenied
from doorstep.evaluation import service
from doorstep.evaluation.kpis import kpi_values
from doorstep.evaluation.model import Dimension, Period
from tests import factories as f
from tests.integration.evaluation.known_bank import EXPECTED, known_bank

OCTOBER = Period.month("2026-10")


@pytest.fixture
def bank(container: Container) -> dict[str, Any]:
    return known_bank(container, {"pm": (Role.PROGRAMME_MANAGER, None),
                                  "ft_analyst": (Role.ANALYST, "FT01"),
                                  "field": (Role.FIELD_STAFF, "FT01")})


def _approx(values: dict[str, float | None]) -> dict[str, Any]:
    return {k: pytest.approx(v) for k, v in values.items()}


def test_every_plan_kpi_is_exact(container: Container, bank: dict[str, Any]) -> None:
    """Each KPI of §8 over a plan and a month equals the figure worked out by hand."""
    with container.uow(write=False) as uow:
        k = service.plan_kpis(uow, f.principal(container, "pm"), bank["plan"], OCTOBER)
    got = {"cases": k.counts.cases, **k.values}
    assert got == _approx(EXPECTED)
    assert (k.counts.cases_visited, k.counts.surveys_sent, k.counts.surveys_answered) == (4, 4, 3)


def test_goals_show_target_and_actual(container: Container, bank: dict[str, Any]) -> None:
    """Each plan goal carries its actual value and is met only when the target holds."""
    with container.uow(write=False) as uow:
        k = service.plan_kpis(uow, f.principal(container, "pm"), bank["plan"], OCTOBER)
    checks = {g.goal.metric: (g.actual, g.met) for g in k.goals}
    assert checks == {"resolution_rate": (0.5, True),
                      "csat": (pytest.approx(11 / 3), False),
                      "escalation_rate": (0.4, False)}
    assert k.goals_met == 1


def test_breakdowns_by_dimension(container: Container, bank: dict[str, Any]) -> None:
    """Branch, business line, team and staff breakdowns group the plan's cases correctly."""
    pm = f.principal(container, "pm")
    with container.uow(write=False) as uow:
        by = {d: {g.name: g.counts for g in service.kpis_by(uow, pm, d, OCTOBER, bank["plan"])}
              for d in Dimension}
    assert {n: c.cases for n, c in by[Dimension.BRANCH].items()} == {"福田支行": 4, "南山支行": 1}
    assert {n: c.cases for n, c in by[Dimension.BUSINESS_LINE].items()} == {
        "贷款": 4, "信用卡": 1}
    assert {n: c.visits_done for n, c in by[Dimension.TEAM].items()} == {"福田一组": 4, "—": 1}
    assert {n: c.cases for n, c in by[Dimension.STAFF].items()} == {"王强": 4, "李娜": 4}
    assert {n: c.cases for n, c in by[Dimension.PLAN].items()} == {"十月化解计划": 5}
    loan = kpi_values(by[Dimension.BUSINESS_LINE]["贷款"])
    assert loan["escalation_rate"] == 0.5 and loan["time_to_resolution"] == pytest.approx(10)


def test_all_plans_include_other_plans(container: Container, bank: dict[str, Any]) -> None:
    """Without a plan the plan breakdown lists every plan with cases open in the period."""
    with container.uow(write=False) as uow:
        rows = service.kpis_by(uow, f.principal(container, "pm"), Dimension.PLAN, OCTOBER)
    assert {g.name: g.counts.cases for g in rows} == {"十月化解计划": 5, "其他计划": 1}


def test_branch_user_sees_only_the_branch(container: Container, bank: dict[str, Any]) -> None:
    """A branch-scoped user's KPIs count only the cases of that branch."""
    with container.uow(write=False) as uow:
        k = service.plan_kpis(uow, f.principal(container, "ft_analyst"), bank["plan"], OCTOBER)
    assert (k.counts.cases, k.counts.visits_done, k.counts.surveys_answered) == (4, 4, 2)
    with container.uow(write=False) as uow, pytest.raises(NotFound):
        service.plan_kpis(uow, f.principal(container, "ft_analyst"), bank["other_plan"])


def test_evaluation_needs_permission(container: Container, bank: dict[str, Any]) -> None:
    """Field staff have no evaluation.read and cannot read KPIs."""
    with container.uow(write=False) as uow, pytest.raises(PermissionDenied):
        service.plan_kpis(uow, f.principal(container, "field"), bank["plan"], OCTOBER)


def test_monthly_trend_counts_visits(container: Container, bank: dict[str, Any]) -> None:
    """The trend chart counts the plan's visits per month of the period."""
    with container.uow(write=False) as uow:
        rows = service.visits_by_month(uow, f.principal(container, "pm"), bank["plan"],
                                       Period.parse("2026-09-01", "2026-10-31"))
    assert rows == [("2026-09", 1), ("2026-10", 5)]
