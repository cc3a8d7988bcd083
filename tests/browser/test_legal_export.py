"""Browser: a legal officer opens the review queue, starts mediation, and downloads the
case-file ZIP with its manifest."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from doorstep.container import Container
from tests.browser.serving import ARGS, CHROMIUM, log_in, serving
from tests.integration.legal.legal_setup import legal_world

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "legal-case.png"
pytestmark = pytest.mark.browser


@pytest.fixture
def server(container: Container) -> Iterator[str]:
    """The real app over two escalated cases and a legal officer."""
    legal_world(container)
    with serving(container) as base:
        yield base


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_officer_mediates_and_downloads_the_case_file(server: str, tmp_path: Path) -> None:
    """From the 诉前调解 menu the officer starts mediation (30 days left) and downloads a ZIP
    holding the manifest."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                    accept_downloads=True)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            log_in(page, f"{server}/login?next=/legal", "legal")
            expect(page).to_have_url(f"{server}/legal")
            page.get_by_role("link", name="诉前调解").first.click()
            expect(page.locator("[data-testid=legal-queue] tbody tr")).to_have_count(3)
            page.click("[data-testid=open-AJ2026110000101]")
            page.fill("input[name=mediator]", "深圳市福田区人民调解委员会")
            page.click("[data-testid=start-mediation]")
            expect(page.locator("[data-testid=case-state]")).to_have_text("诉前调解")
            expect(page.locator("[data-testid=days-left]")).to_have_text("30")
            with page.expect_download() as info:
                page.click("[data-testid=export-zip]")
            target = tmp_path / info.value.suggested_filename
            info.value.save_as(target)
            with zipfile.ZipFile(target) as zf:
                assert {"manifest.json", "manifest.txt", "AJ2026110000101.pdf"} <= set(
                    zf.namelist())
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            assert errors == []
        finally:
            browser.close()
