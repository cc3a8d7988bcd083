"""Browser: log in through the form in Chromium, filter the case list, take a screenshot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from doorstep.container import Container
from doorstep.core.access import Role
from tests import factories as f
from tests.browser.serving import ARGS, CHROMIUM, serving

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "case-list.png"
PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄涛", "周杰", "吴婷", "徐强",
          "孙丽"]
STATES = ["screened", "approved", "assigned", "scheduled", "visited", "follow_up",
          "monitoring", "escalated", "screened", "approved", "mediation", "resolved"]
LINES = ["loan", "credit_card", "loan", "wealth", "insurance", "credit_card"]
TYPES = ["overdue_debt", "loan_dispute", "service_complaint", "wealth_dispute",
         "insurance_dispute", "account_problem"]

pytestmark = pytest.mark.browser


def _seed(c: Container) -> None:
    ft = f.branch(c)
    for n, (name, state) in enumerate(zip(PEOPLE, STATES, strict=True)):
        cust = f.customer(c, ft, name)
        f.case(c, cust, ft, state=state, case_no=f"AJ20261100{n + 1:05d}",
               business_line=LINES[n % 6], case_type=TYPES[n % 6], priority=1 + n % 5,
               overdue_amount=Decimal(3000 + n * 4170), amount_at_stake=Decimal(20000 + n * 9000),
               sla_due=f.NOW + timedelta(days=n * 3 - 6))
    f.user(c, "zhang.dd", Role.DISPATCHER, "FT01")


@pytest.fixture
def server(container: Container) -> Iterator[str]:
    """The real app on a free port in a thread, over a seeded database."""
    _seed(container)
    with serving(container) as base:
        yield base


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_dispatcher_logs_in_filters_the_list_and_it_looks_right(server: str) -> None:
    """Logging in through the form and filtering by state narrows the table via htmx."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{server}/cases")
            expect(page).to_have_url(f"{server}/login?next=/cases")
            page.fill("input[name=username]", "zhang.dd")
            page.fill("input[name=password]", f.PASSWORD)
            page.click("button[type=submit]")
            expect(page).to_have_url(f"{server}/cases")
            expect(page.locator("[data-testid=total]")).to_contain_text("共 12 件")
            page.select_option("select[name=state]", "approved")
            expect(page.locator("[data-testid=total]")).to_contain_text("共 2 件")
            expect(page).to_have_url(f"{server}/cases?q=&state=approved"
                                     "&business_line=&case_type=&priority=&sort=sla_due")
            expect(page.locator("table.cases tbody tr")).to_have_count(2)
            page.select_option("select[name=state]", "")
            expect(page.locator("[data-testid=total]")).to_contain_text("共 12 件")
            expect(page.locator("td.past-sla").first).to_be_visible()
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.context.add_cookies(page.context.cookies())
            phone.goto(f"{server}/cases")
            phone.screenshot(path=str(SCREENSHOT.with_name("case-list-phone.png")))
            assert errors == []
        finally:
            browser.close()
