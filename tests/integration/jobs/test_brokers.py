"""The same job travels through each broker Huey offers us: the embedded SQLite file
(`make run`) and Redis (production, 127.0.0.1:6379), and runs once."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import redis

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.jobs import service
from doorstep.jobs.model import JobState
from doorstep.jobs.queue import JobQueue

MANAGER = Principal(user_id=0, username="manager", role=Role.PROGRAMME_MANAGER, branch_id=None)
REDIS = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_job_sent_through_the_broker_runs_once(container: Container, tmp_path: Path,
                                                 backend: str) -> None:
    """Sent twice (a duplicate message), the job is taken from the broker and runs once."""
    if backend == "redis" and not _redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    broker = REDIS if backend == "redis" else f"sqlite:///{tmp_path / 'queue.db'}"
    queue = JobQueue(container, broker, name=f"doorstep-test-{uuid.uuid4().hex[:8]}")
    try:
        with container.uow() as uow:
            job_id = service.submit(uow, MANAGER, "evaluation.refresh", {})
            uow.commit()
        queue.send(job_id)
        queue.send(job_id)
        assert queue.pending() == 2
        assert queue.drain() == 2 and queue.pending() == 0
        with container.uow(write=False) as uow:
            job = uow.jobs.get(job_id)
        assert job.state == JobState.DONE and job.attempts == 1
    finally:
        queue.huey.flush()


def test_the_schedule_registers_periodic_work(container: Container, tmp_path: Path) -> None:
    """The scheduler fires outbox delivery and recovery every minute, and the timers, KPI
    refresh, tomorrow's routes, retention, reports and retraining on their crontab."""
    queue = JobQueue(container, f"sqlite:///{tmp_path / 'queue.db'}")
    names = {t.name for t in queue.huey._registry.periodic_tasks}
    assert "doorstep.every_minute" in names
    assert {f"doorstep.scheduled.{k}" for k in ("timers", "evaluation.refresh",
                                                 "routes.plan_tomorrow", "ops.retention",
                                                 "reports.monthly", "screening.retrain")} <= names
