"""The job page: progress polled by htmx, the error of a failed job in Chinese, the result
page opened when done, and nobody else's job shown."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.jobs import service
from tests.e2e.web.conftest import Login, page_csrf


def test_a_failed_screening_job_shows_its_error_on_the_job_page(login: Login) -> None:
    """Starting a run for a missing plan opens the job page, which says why it failed."""
    client = login("analyst")
    token = page_csrf(client.get("/screening").text)
    r = client.post("/screening/runs", data={"plan_id": "999", "engine": "duckdb",
                                             "seed": "7", "csrf_token": token})
    assert r.status_code == 200 and re.search(r"/jobs/\d+$", str(r.url))
    assert 'data-testid="job-state">失败<' in r.text and "未找到计划" in r.text
    assert "hx-trigger" not in r.text  # a finished job is not polled


def test_a_running_job_is_polled_and_opens_its_result_when_done(
        login: Login, container: Container) -> None:
    """While queued the page polls itself every second; once done the htmx poll is told to
    open the result page; the job is 'not found' for another user."""
    client: TestClient = login("programme_manager")
    manager = Principal(0, "programme_manager", Role.PROGRAMME_MANAGER, None)
    with container.uow() as uow:  # queued, not yet sent to a worker
        job_id = service.submit(uow, manager, "screening.run", {"plan_id": 1})
        uow.commit()
    page = client.get(f"/jobs/{job_id}")
    assert 'hx-trigger="every 1s"' in page.text and "排队中" in page.text
    assert 'role="progressbar"' in page.text
    with container.uow() as uow:
        now = uow.clock.now()
        attempt = uow.jobs.claim(job_id, "w:1", now, now)
        uow.jobs.finish(job_id, attempt, now, "screening_run", "7", {})
        uow.commit()
    part = client.get(f"/jobs/{job_id}", headers={"HX-Request": "true"})
    assert part.headers["HX-Redirect"] == "/screening/runs/7?done=run"
    assert "<html" not in part.text and "已完成" in part.text
    other = login("analyst").get(f"/jobs/{job_id}")
    assert other.status_code == 404
