"""Evaluation pages: dashboard with goals and charts, breakdown tabs, effect, satisfaction."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from doorstep.container import Container
from tests.e2e.web.conftest import Login, page_csrf
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


def test_refresh_button_serves_the_snapshot(login: Login, plan: int) -> None:
    """A manager's "立即刷新" stores a snapshot; the page then shows 数据截至 with its time."""
    client = login("programme_manager")
    period = {"start": "2026-10-01", "end": "2026-10-31"}
    live = client.get(f"/evaluation/plans/{plan}", params=period)
    assert "数据为实时计算" in live.text and 'data-testid="refresh"' in live.text
    r = client.post(f"/evaluation/plans/{plan}/refresh", params=period,
                    data={"csrf_token": page_csrf(live.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith(
        "start=2026-10-01&end=2026-10-31")
    snap = client.get(f"/evaluation/plans/{plan}", params=period)
    assert "数据截至 2026-11-02 10:00" in snap.text
    assert "计划目标：已达成 1 / 3 项" in snap.text and "¥700.00" in snap.text


def test_refresh_needs_plan_manage_and_csrf(login: Login, plan: int) -> None:
    """An analyst sees no refresh button and is refused; a POST without CSRF fails."""
    client = login("analyst")
    page_ = client.get(f"/evaluation/plans/{plan}")
    assert 'data-testid="refresh"' not in page_.text
    r = client.post(f"/evaluation/plans/{plan}/refresh",
                    data={"csrf_token": page_csrf(page_.text)}, follow_redirects=False)
    assert r.status_code == 403
    manager = login("programme_manager")
    assert manager.post(f"/evaluation/plans/{plan}/refresh", data={},
                        follow_redirects=False).status_code == 403
