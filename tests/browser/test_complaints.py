"""Browser: a dispatcher walks the complaint queue in Chromium — registers a 12378 complaint,
extends an overdue one once with a reason, closes one with its outcome."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t
from tests import factories as f
from tests.browser.serving import ARGS, CHROMIUM, serving

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "complaints.png"

pytestmark = pytest.mark.browser


def _seed(c: Container) -> dict[str, int]:
    ft = f.branch(c)
    customer = f.customer(c, ft, "王芳")
    case = f.case(c, customer, ft)
    now = c.clock.now().replace(tzinfo=None)
    ids = {"customer": customer, "case": case}
    with c.engine.begin() as conn:
        for name, days_ago in (("late", 20), ("fresh", 3)):
            at = now - timedelta(days=days_ago)
            ids[name] = int(conn.execute(insert(t.complaints).values(
                customer_id=customer, branch_id=ft, channel="hotline", category="催收方式",
                text=f"客户反映催收电话过多（{days_ago} 天前）", severity=3, received_at=at,
                due_at=at + timedelta(days=15))).inserted_primary_key[0])
    f.user(c, "zhang.dd", Role.DISPATCHER, "FT01")
    return ids


@pytest.fixture
def server(container: Container) -> Iterator[tuple[str, dict[str, int]]]:
    """The real app on a free port over a branch with two open complaints, one overdue."""
    ids = _seed(container)
    with serving(container) as base:
        yield base, ids


def _closed(c: Container, complaint_id: int) -> bool:
    with c.engine.connect() as conn:
        return conn.execute(select(t.complaints.c.closed_at).where(
            t.complaints.c.id == complaint_id)).scalar_one() is not None


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_dispatcher_registers_extends_and_closes_complaints(
        server: tuple[str, dict[str, int]], container: Container) -> None:
    """From the case page to the queue: overdue first, a 12378 complaint flagged, one
    extension, a close with an outcome — each through the page's own forms."""
    from playwright.sync_api import expect, sync_playwright

    base, ids = server
    late, fresh = ids["late"], ids["fresh"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/login")
            page.fill("input[name=username]", "zhang.dd")
            page.fill("input[name=password]", f.PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/cases/{ids['case']}")
            page.click("[data-testid=complaints-link]")
            expect(page.locator(f"#complaint-{late}")).to_be_visible()
            rows = page.locator("table[data-testid=complaints] tbody tr")
            expect(rows.first).to_have_id(f"complaint-{late}")  # overdue first
            expect(page.locator(f"[data-testid=days-{late}] .past-sla")).to_be_visible()

            form = page.locator("[data-testid=register-form]")
            form.locator("select[name=channel]").select_option("regulator")
            form.locator("input[name=category]").fill("催收方式")
            form.locator("textarea[name=text]").fill("向 12378 反映上门人员态度生硬")
            form.locator("button[type=submit]").click()
            expect(page.locator("[data-testid=flash]")).to_be_visible()
            # The customer is now under regulator complaint: each of their complaints says so.
            expect(page.locator("[data-testid^=regulator-]")).to_have_count(3)

            extend = page.locator(f"[data-testid=extend-{late}]")
            extend.locator("input[name=reason]").fill("需调取通话录音核实")
            extend.locator("button[type=submit]").click()
            expect(page.locator("[data-testid=flash]")).to_be_visible()
            expect(page.locator(f"[data-testid=extend-{late}]")).to_have_count(0)

            close = page.locator(f"[data-testid=close-{fresh}]")
            close.locator("input[name=outcome]").fill("已致电客户致歉，调整联系频次")
            close.locator("button[type=submit]").click()
            expect(page.locator(f"#complaint-{fresh}")).to_have_count(0)
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            assert errors == []
        finally:
            browser.close()
    assert _closed(container, fresh) and not _closed(container, late)
