"""Browser: pages full of stored script payloads open no dialog in Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from doorstep.container import Container
from tests import factories as f
from tests.browser.serving import ARGS, CHROMIUM, serving
from tests.e2e.security.xss_seed import pages, seed_xss

pytestmark = pytest.mark.browser


@pytest.fixture
def server(container: Container) -> Iterator[tuple[str, dict[str, int | None]]]:
    """The real app on a free port over a database seeded with XSS payloads."""
    ids = seed_xss(container)
    with serving(container) as base:
        yield base, ids


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_no_payload_ever_runs(server: tuple[str, dict[str, int | None]]) -> None:
    """Every page showing customer, complaint, visit, plan, team and case-study texts loads
    with the payloads inert: no alert dialog opens, and the text is shown as text."""
    from playwright.sync_api import sync_playwright

    base, ids = server
    dialogs: list[str] = []
    shown = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for role, urls in pages(ids).items():
                context = browser.new_context(locale="zh-CN")
                page = context.new_page()
                page.on("dialog", lambda d: (dialogs.append(d.message),
                                             d.dismiss()))
                page.goto(f"{base}/login")
                page.fill("input[name=username]", role)
                page.fill("input[name=password]", f.PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(f"{base}/")
                for url in urls:
                    page.goto(base + url)
                    page.wait_for_load_state("networkidle")
                    page.mouse.move(5, 5)
                    shown += "<script>alert(1)</script>" in page.inner_text("body")
                context.close()
            check = browser.new_page()
            check.on("dialog", lambda d: (dialogs.append("control"), d.dismiss()))
            check.set_content("<img src=x onerror=alert(1)>")
            check.wait_for_timeout(300)
        finally:
            browser.close()
    assert dialogs == ["control"]
    assert shown >= 12  # the payloads are on the pages, as visible text
