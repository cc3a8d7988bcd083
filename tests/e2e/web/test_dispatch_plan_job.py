"""The dispatch board's 规划路线 runs as a background job: the board polls it with htmx and
shows the plan once done; who may not plan, or follow someone else's job, is refused."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.jobs.queue import JobQueue
from doorstep.store.tables_jobs import jobs
from tests import factories as f
from tests.e2e.web.conftest import Login, page_csrf

TOMORROW = date(2026, 11, 3)


@pytest.fixture
def bank(container: Container, seeded: dict[str, int]) -> dict[str, Any]:
    """福田 (the seeded branch and team) with eight assigned visits spread over the district."""
    ft = seeded["ft"]
    two = f.team(container, ft, size=3)
    for i in range(8):
        cust = f.customer(container, ft, f"客户{i}", customer_no=f"C{i:010d}",
                          lat=22.53 + (i % 4) * 0.01, lon=114.03 + (i // 4) * 0.02,
                          preferred_contact_times="全天 09:00-18:00")
        f.case(container, cust, ft, state="assigned", case_no=f"AJ2026{i:09d}",
               owner_team_id=seeded["team"])
    return {"branch": ft, "two": two}


def _jobs(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(jobs)).scalar_one())


def test_planning_is_a_job_the_board_follows(login: Login, container: Container,
                                            bank: dict[str, Any]) -> None:
    """The button starts a job and opens the board with its panel, polled every second;
    once a worker ran it the poll opens the board again, which shows the plan."""
    container._queue = JobQueue(container, f"sqlite:///{container.settings.evidence_dir.parent}"
                                           "/queue.db", name="doorstep-plan-job")
    client = login("dispatcher")
    board = client.get(f"/dispatch?day={TOMORROW}")
    r = client.post("/dispatch/plan", data={"csrf_token": page_csrf(board.text),
                                            "branch_id": str(bank["branch"]),
                                            "day": TOMORROW.isoformat()})
    job = re.search(r"job=(\d+)$", str(r.url))
    assert r.status_code == 200 and job is not None
    assert 'data-testid="plan-job"' in r.text and 'hx-trigger="every 1s"' in r.text
    assert "排队中" in r.text and "正在后台规划路线" in r.text
    assert 'data-testid="plan-summary"' not in r.text
    poll = f"/dispatch/jobs/{job.group(1)}?branch={bank['branch']}&day={TOMORROW}"
    assert "HX-Redirect" not in client.get(poll, headers={"HX-Request": "true"}).headers
    assert container.job_queue().drain() == 1
    done = client.get(poll, headers={"HX-Request": "true"})
    assert done.headers["HX-Redirect"] == f"/dispatch?branch={bank['branch']}&day={TOMORROW}"
    shown = client.get(done.headers["HX-Redirect"])
    assert 'data-testid="plan-summary"' in shown.text and "已安排 8 个" in shown.text


def test_a_failed_planning_job_says_why_on_the_board(login: Login, container: Container,
                                                    bank: dict[str, Any]) -> None:
    """A dispatcher of another branch: the job fails (not their branch), the board says so
    and stops polling; another user cannot follow the job."""
    f.user(container, "disp2", Role.DISPATCHER, "NS01")
    client = login("disp2")
    token = page_csrf(client.get("/dispatch").text)
    r = client.post("/dispatch/plan", data={"csrf_token": token, "branch_id": str(
        bank["branch"]), "day": TOMORROW.isoformat()})
    job = re.search(r"job=(\d+)$", str(r.url))
    assert job is not None and 'data-testid="plan-job-error"' in r.text
    assert "hx-trigger" not in r.text.split('data-testid="plan-job"')[1].split("</div>")[0]
    assert login("dispatcher").get(f"/dispatch/jobs/{job.group(1)}").status_code == 404


def test_field_staff_cannot_start_planning(login: Login, container: Container,
                                           bank: dict[str, Any]) -> None:
    """The least-privileged role posting the form gets 403 and no job is written."""
    client = login("field_staff")
    token = page_csrf(client.get("/").text)
    before = _jobs(container)
    r = client.post("/dispatch/plan", data={"csrf_token": token, "branch_id": str(
        bank["branch"]), "day": TOMORROW.isoformat()}, follow_redirects=False)
    assert r.status_code == 403 and _jobs(container) == before
