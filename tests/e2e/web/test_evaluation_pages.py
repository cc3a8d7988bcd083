"""Evaluation pages: dashboard with goals and charts, breakdown tabs, effect, satisfaction."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from doorstep.container import Container
from tests.e2e.web.conftest import Login
from tests.integration.evaluation.known_bank import build


@pytest.fixture
def plan(client: TestClient, container: Container, seeded: dict[str, int]) -> int:
    return build(container, seeded["ft"], seeded["ns"], seeded["team"])["plan"]


def test_dashboard_shows_goals_kpis_and_charts(login: Login, plan: int) -> None:
    """The manager sees each goal against its target, the KPI tiles and chart containers."""
    client = login("programme_manager")
    r = client.get(f"/evaluation/plans/{plan}", params={"start": "2026-10-01",
                                                        "end": "2026-10-31"})
    assert r.status_code == 200, r.text
    html = r.text
    assert "计划目标：已达成 1 / 3 项" in html
    assert 'data-metric="contact_rate"><span class="kpi-label">上门触达率</span>' \
           '<span class="kpi-value">60.0%</span>' in html
    assert "¥700.00" in html and 'data-testid="chart-team"' in html
    assert "export-xlsx" in html and 'href="/evaluation"' in html


def test_breakdown_tab_and_effect_fragment(login: Login, plan: int) -> None:
    """The staff tab lists both team members; the effect fragment warns on a tiny sample."""
    client = login("analyst")
    tab = client.get(f"/evaluation/plans/{plan}/breakdown", params={"by": "staff"})
    assert tab.status_code == 200 and "王强" in tab.text and 'data-by="staff"' in tab.text
    effect = client.get(f"/evaluation/plans/{plan}/effect")
    assert effect.status_code == 200 and "尚无已审批的筛选名单" in effect.text


def test_satisfaction_page_lists_worst_comment_first(login: Login, plan: int) -> None:
    """Comments are ordered by dissatisfaction with their scores and themes."""
    client = login("auditor")
    r = client.get(f"/evaluation/plans/{plan}/satisfaction",
                   params={"start": "2026-10-01", "end": "2026-10-31"})
    assert r.status_code == 200
    assert r.text.index("态度敷衍") < r.text.index("两位工作人员很有耐心")
    assert 'data-testid="unhappy-themes"' in r.text


def test_trainer_reads_without_export(login: Login, plan: int) -> None:
    """A trainer may open the dashboard but sees no export buttons."""
    r = login("trainer").get(f"/evaluation/plans/{plan}")
    assert r.status_code == 200 and "export-xlsx" not in r.text


def test_field_staff_is_refused(login: Login, plan: int) -> None:
    """Field staff cannot open evaluation pages."""
    r = login("field_staff").get("/evaluation")
    assert r.status_code == 403


def test_index_lists_plans_and_bank_export(login: Login, plan: int) -> None:
    """The evaluation menu page lists the plans with links and the whole-bank export."""
    r = login("programme_manager").get("/evaluation")
    assert r.status_code == 200
    assert f'href="/evaluation/plans/{plan}"' in r.text and 'data-testid="bank-xlsx"' in r.text
