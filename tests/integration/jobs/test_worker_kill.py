"""A worker killed with SIGKILL in the middle of a screening run: the job is tried again by
the next worker and exactly one run is stored (embedded SQLite broker, real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.jobs import service
from doorstep.jobs.model import Job, JobState
from doorstep.jobs.queue import JobQueue
from tests.e2e.screening_bank import AS_OF, PLAN, prepare_bank

ANALYST = Principal(user_id=0, username="analyst", role=Role.ANALYST, branch_id=None)
SRC = Path(__file__).resolve().parents[3] / "src"


def _worker(c: Container, broker: str, tmp: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DOORSTEP_DATABASE_URL": c.settings.database_url, "DOORSTEP_JOBS_BROKER": broker,
        "DOORSTEP_ENVIRONMENT": "development", "DOORSTEP_JOB_PROGRESS_SECONDS": "0.2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp), "PYTHONPATH": str(SRC)}
    return subprocess.Popen([sys.executable, "-m", "doorstep.cli.main", "jobs", "work",
                             "--no-scheduler"], env=env, cwd=tmp,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    """Ask a worker to finish (SIGINT); kill it if it has not within 20 s."""
    worker.send_signal(signal.SIGINT)
    try:
        worker.wait(20)
    except subprocess.TimeoutExpired:
        worker.kill()


def _job(c: Container, job_id: int) -> Job:
    with c.uow(write=False) as uow:
        job = uow.jobs.get(job_id)
    assert job is not None
    return job


def _wait(c: Container, job_id: int, done: Callable[[Job], bool], seconds: float) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = _job(c, job_id)
        if done(job):
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} still {_job(c, job_id)}")


def _runs(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM screening_runs")).scalar_one())


@pytest.mark.slow
def test_a_screening_job_killed_midway_is_retried_and_runs_exactly_once(
        container: Container, tmp_path: Path) -> None:
    """SIGKILL while the run computes: nothing is stored; the next worker finds the dead
    worker's job, runs it as attempt 2, and exactly one screening run exists."""
    prepare_bank(container)
    before = _runs(container)  # the demo bank's own runs
    broker = f"sqlite:///{tmp_path / 'queue.db'}"
    with container.uow() as uow:
        job_id = service.submit(uow, ANALYST, "screening.run", {
            "plan_id": PLAN, "as_of": AS_OF.isoformat(), "seed": 7, "engine": "duckdb"})
        uow.commit()
    JobQueue(container, broker).send(job_id)
    first = _worker(container, broker, tmp_path)
    try:
        _wait(container, job_id, lambda j: j.state == JobState.RUNNING, 120)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    killed = _job(container, job_id)
    assert killed.state == JobState.RUNNING and _runs(container) == before  # mid-way
    second = _worker(container, broker, tmp_path)
    try:
        job = _wait(container, job_id, lambda j: j.final, 180)
    finally:
        _stop(second)
    assert job.state == JobState.DONE and job.attempts == 2, job
    assert _runs(container) == before + 1 and job.result_kind == "screening_run"
