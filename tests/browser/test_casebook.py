"""Browser: a trainer writes a case study, is stopped by the personal-data check, fixes it;
a second publisher (双人复核) publishes it, and a Chinese search finds it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from doorstep.container import Container
from doorstep.core.access import Role
from tests import factories as f
from tests.browser.serving import ARGS, CHROMIUM, log_in, serving

pytestmark = pytest.mark.browser

TEXTS = {"background": "客户网银无法登录，多次致电客服未果。",
         "problem": "客户反映转账失败，情绪激动，要求银行给出说法。",
         "actions": "技术人员上门重置安全设备，客户留下电话13912345678。",
         "outcome": "故障修复，客户表示满意。",
         "lessons": "技术故障应尽快派技术人员到场，并当面解释原因。"}


@pytest.fixture
def server(container: Container) -> Iterator[str]:
    """The real app with two trainers (author and publisher)."""
    f.branch(container)
    f.user(container, "trainer", Role.TRAINER)
    f.user(container, "trainer2", Role.TRAINER)
    with serving(container) as base:
        yield base


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_trainer_publishes_an_anonymised_study_and_finds_it(server: str) -> None:
    """A phone number blocks publishing with the finding named; after the fix another
    trainer publishes the study and a search for 账户 故障 finds it."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            log_in(page, f"{server}/login?next=/casebook", "trainer")
            page.click("[data-testid=new-study]")
            page.fill("input[name=title]", "网银账户故障经技术人员上门修复")
            for key, text in TEXTS.items():
                page.fill(f"textarea[name={key}]", text)
            page.select_option("select[name=business_line]", "deposit")
            page.select_option("select[name=case_type]", "account_problem")
            page.fill("input[name=tags]", "账户故障，技术上门")
            page.click("[data-testid=study-form] button[type=submit]")
            expect(page.locator("[data-testid=findings]")).to_contain_text("手机号 139****5678")
            page.click("[data-testid=edit-study]")
            page.fill("textarea[name=actions]", "技术人员上门重置安全设备。")
            page.click("[data-testid=study-form] button[type=submit]")
            study_url = page.url
            page.context.clear_cookies()
            log_in(page, f"{server}/login?next={study_url.replace(server, '')}", "trainer2")
            page.goto(study_url)
            page.click("[data-testid=publish]")
            expect(page.locator("[data-testid=status]")).to_have_text("已发布")
            page.goto(f"{server}/casebook?q=账户故障")
            expect(page.locator("[data-testid=hits]")).to_contain_text("网银账户故障经技术人员上门修复")
            assert errors == []
        finally:
            browser.close()
