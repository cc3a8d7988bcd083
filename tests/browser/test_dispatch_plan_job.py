"""Browser: 规划路线 starts a route-planning job on a real queue; the board shows the job's
panel, polls it with htmx, and draws the plan once a worker has run it."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from doorstep.container import Container
from doorstep.jobs.queue import JobQueue
from tests.browser.serving import ARGS, CHROMIUM, serving
from tests.browser.test_dispatch_day import TOMORROW, _dispatcher, bank  # noqa: F401

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing")]


def _worker(queue: JobQueue, go: threading.Event, stop: threading.Event) -> None:
    """A worker thread that starts taking jobs from the broker once told to."""
    go.wait(60)
    while not stop.is_set():
        if queue.drain() == 0:
            stop.wait(0.2)


def test_the_board_polls_its_planning_job_and_draws_the_plan(
        container: Container, bank: dict[str, Any]) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    queue = JobQueue(container, f"sqlite:///{container.settings.evidence_dir.parent}/q.db",
                     name="doorstep-board-job")
    container._queue = queue
    go, stop = threading.Event(), threading.Event()
    worker = threading.Thread(target=_worker, args=(queue, go, stop), daemon=True)
    worker.start()
    with serving(container) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page, errors = _dispatcher(browser, base)
            page.goto(f"{base}/dispatch?day={TOMORROW}")
            page.click("[data-testid=plan-routes]")
            panel = page.locator("[data-testid=plan-job]")
            expect(panel).to_contain_text("正在后台规划路线")
            expect(panel.locator("[data-testid=plan-job-state]")).to_have_text("排队中")
            assert page.locator("[data-testid=plan-summary]").count() == 0
            go.set()  # the worker starts; the board's poll notices the job is done
            expect(page.locator("[data-testid=plan-summary]")).to_contain_text(
                "已安排 8 个", timeout=60_000)
            expect(page.locator("[data-testid=plan-job]")).to_have_count(0)
            expect(page.locator("svg[data-testid=route-map] polyline")).to_have_count(2)
            assert "job=" not in page.url and errors == []
        finally:
            stop.set()
            browser.close()
    worker.join(10)
