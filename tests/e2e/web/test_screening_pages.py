"""Screening pages: the explained ranked list, htmx filters, edits and approval by form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from doorstep.demo.context import DEMO_PASSWORD
from tests.e2e.screening_bank import AS_OF, PLAN, bank_client
from tests.e2e.web.conftest import login_csrf, page_csrf

__all__ = ["bank_client"]


def _login(client: TestClient, username: str) -> None:
    token = login_csrf(client)
    r = client.post("/login", data={"username": username, "password": DEMO_PASSWORD,
                                    "next": "/", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text


def test_run_page_explains_the_list_and_approves_by_form(bank_client: TestClient) -> None:
    """An analyst runs screening from the form, sees each customer's rules and Chinese reason
    codes and the smallest effect its holdout can detect, removes one with a reason; the
    analyst may not approve their own list, the manager approves it (with CSRF) and that
    freezes the list."""
    client = bank_client
    _login(client, "analyst")
    home = client.get("/screening")
    assert home.status_code == 200 and 'href="/screening"' in home.text and "运行筛选" in home.text
    token = page_csrf(home.text)
    form = {"plan_id": str(PLAN), "engine": "duckdb", "seed": "7", "as_of": AS_OF.isoformat()}
    assert client.post("/screening/runs", data=form).status_code == 403  # no CSRF token
    bad = client.post("/screening/runs", data=form | {"as_of": "2026-13-40", "csrf_token": token})
    assert bad.status_code == 422 and "日期格式有误" in bad.text
    r = client.post("/screening/runs", data=form | {"csrf_token": token})
    assert r.status_code == 200 and "筛选完成" in r.text and "待审批" in r.text
    run_url = str(r.url).split("?")[0].replace("http://testserver", "")
    assert 'data-testid="rule"' in r.text and "逾期" in r.text
    assert re.search(r'data-testid="run-mde">随机对照组 \d+ 人：按 80% 把握度', r.text)
    assert re.search(r'data-testid="uplift-note">随机对照历史不足（拜访组 \d+ 人', r.text)
    reasons = r'<ol class="mini-list" data-testid="reasons"><li>[^<]*[\u4e00-\u9fff]'
    assert re.search(reasons, r.text)
    part = client.get(run_url, params={"group": "holdout"}, headers={"HX-Request": "true"})
    assert part.status_code == 200 and "<html" not in part.text
    assert "对照组（不拜访）" in part.text and "移出名单" not in part.text
    customer = re.search(r'name="customer_id" value="(\d+)"', r.text)
    assert customer is not None
    removed = client.post(f"{run_url}/remove", data={
        "customer_id": customer.group(1), "reason": "客户已结清全部欠款", "csrf_token": token})
    assert "已将客户移出名单" in removed.text and 'data-testid="removed">1<' in removed.text
    listed = client.get(run_url, params={"group": "removed"})
    assert "客户已结清全部欠款" in listed.text and "人工移除" in listed.text
    version = re.search(r'name="version" value="(\d+)"', removed.text)
    assert version is not None
    own = client.post(f"{run_url}/approve", data={"version": version.group(1),
                                                  "csrf_token": token})
    assert own.status_code == 403 and "不能审批自己提交的申请" in own.text  # 双人复核
    client.cookies.clear()
    _login(client, "manager")
    token = page_csrf(client.get(run_url).text)
    done = client.post(f"{run_url}/approve", data={"version": version.group(1),
                                                   "csrf_token": token})
    assert done.status_code == 200 and "名单已审批" in done.text
    assert 'data-testid="approved-by"' in done.text and "manager" in done.text
    assert 'data-testid="approve-form"' not in done.text and "移出名单" not in done.text


def test_strategies_page_shows_rules_and_model_quality(bank_client: TestClient) -> None:
    """The strategies page lists each rule with its condition and the model's AUC and Brier."""
    _login(bank_client, "manager")
    page = bank_client.get("/screening/strategies")
    assert page.status_code == 200 and "默认策略" in page.text
    assert "days_past_due" in page.text and 'data-testid="auc"' in page.text
    assert "当前使用" in page.text


def test_dispatcher_has_no_screening_menu_or_page(bank_client: TestClient) -> None:
    """Roles without screening.read see no 客户筛选 menu entry and get 403 on the page."""
    _login(bank_client, "dispatcher")
    assert 'href="/screening"' not in bank_client.get("/").text
    assert bank_client.get("/screening").status_code == 403
