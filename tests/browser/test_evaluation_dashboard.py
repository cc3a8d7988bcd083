"""Browser: a programme manager opens a plan's dashboard, sees the charts drawn, downloads Excel."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from doorstep.container import Container
from doorstep.core.access import Role
from tests import factories as f
from tests.browser.serving import ARGS, CHROMIUM, log_in, serving
from tests.integration.evaluation.known_bank import build

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "evaluation-dashboard.png"
pytestmark = pytest.mark.browser


@pytest.fixture
def server(container: Container) -> Iterator[tuple[str, int]]:
    """The real app over the hand-built bank whose figures are known."""
    ft = f.branch(container)
    ns = f.branch(container, "NS01", "南山支行")
    plan = build(container, ft, ns, f.team(container, ft))["plan"]
    f.user(container, "pm", Role.PROGRAMME_MANAGER)
    with serving(container) as base:
        yield base, plan


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_manager_sees_charts_and_downloads_excel(server: tuple[str, int]) -> None:
    """The dashboard draws its ECharts canvases, states goals met and exports a workbook."""
    from playwright.sync_api import expect, sync_playwright

    base, plan = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                    accept_downloads=True)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            log_in(page, f"{base}/evaluation/plans/{plan}?start=2026-10-01&end=2026-10-31", "pm")
            expect(page.locator("[data-testid=goals-summary]")).to_contain_text("已达成 1 / 3 项")
            for chart in ("chart-team", "chart-line", "chart-trend"):
                expect(page.locator(f"[data-testid={chart}] canvas")).to_have_count(1)
            expect(page.locator("[data-testid=effect]")).to_contain_text("尚无已审批的筛选名单")
            page.click("[data-tab=staff]")
            expect(page.locator("table[data-by=staff]")).to_contain_text("王强")
            with page.expect_download() as info:
                page.click("[data-testid=export-xlsx]")
            download: Any = info.value
            wb = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
            assert "概览" in wb.sheetnames and "按员工" in wb.sheetnames
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            assert errors == []
        finally:
            browser.close()
