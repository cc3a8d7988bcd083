"""The jobs table on SQLite and PostgreSQL: one claim per attempt, an effect committed at
most once across attempts, and jobs of a dead worker tried again."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

import pytest
from sqlalchemy import text

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.audit import AuditEntry
from doorstep.jobs import service
from doorstep.jobs.model import JobState
from doorstep.jobs.runner import recover
from doorstep.store.uow import JobSuperseded, JobUnitOfWork

MANAGER = Principal(user_id=0, username="manager", role=Role.PROGRAMME_MANAGER, branch_id=None)


def _submit(c: Container, kind: str = "evaluation.refresh") -> int:
    with c.uow() as uow:
        done = service.submit(uow, MANAGER, kind, {})
        uow.commit()
        return done


def _claim(c: Container, job_id: int, worker: str = "elsewhere:1") -> int | None:
    with c.uow() as uow:
        now = uow.clock.now()
        attempt = uow.jobs.claim(job_id, worker, now, now + timedelta(minutes=2))
        uow.commit()
    return attempt


def _effects(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT count(*) FROM audit_events WHERE action = 'test.effect'")).scalar_one())


def _effect(c: Container, job_id: int, attempt: int) -> None:
    with JobUnitOfWork(c.engine, c.cipher, c.clock, job_id=job_id, attempt=attempt) as uow:
        uow.audit(AuditEntry("test", "test.effect", "screening_run", "42", None, {},
                             c.clock.now()))
        uow.commit()


def test_a_queued_job_is_claimed_by_one_worker_only(container: Container) -> None:
    """Two workers handed the same job: the first claims attempt 1, the second gets nothing."""
    job_id = _submit(container)
    assert _claim(container, job_id, "a:1") == 1
    assert _claim(container, job_id, "b:2") is None


def test_an_effect_commits_once_even_when_a_superseded_attempt_finishes(
        container: Container) -> None:
    """A retried job's first attempt, finishing late, is refused and writes nothing; the
    retry's effect and its done mark commit together, naming the result."""
    job_id = _submit(container)
    first = _claim(container, job_id)
    assert first == 1
    with container.uow() as uow:  # its worker was presumed dead: back in the queue
        assert uow.jobs.requeue(job_id, first, uow.clock.now(), None, None)
        uow.commit()
    second = _claim(container, job_id)
    assert second == 2
    with pytest.raises(JobSuperseded):
        _effect(container, job_id, first)
    assert _effects(container) == 0
    _effect(container, job_id, second)
    with container.uow(write=False) as uow:
        job = uow.jobs.get(job_id)
    assert _effects(container) == 1 and job.state == JobState.DONE
    assert (job.result_kind, job.result_id, job.progress) == ("screening_run", "42", 1.0)


def test_a_job_whose_worker_died_on_this_machine_is_tried_again(container: Container) -> None:
    """Recovery puts a running job of a vanished local process back and runs it (attempt 2)."""
    job_id = _submit(container)
    assert _claim(container, job_id, f"{socket.gethostname()}:999999") == 1
    assert recover(container, container.job_queue()) == 1
    with container.uow(write=False) as uow:
        job = uow.jobs.get(job_id)
    assert job.state == JobState.DONE and job.attempts == 2
    assert job.result == {"plans": 0, "snapshots": 0}


def test_a_job_whose_lease_ran_out_is_tried_again(container: Container) -> None:
    """A running job whose worker stopped renewing its lease is retried after the lease."""
    job_id = _submit(container)
    assert _claim(container, job_id, "another-host:5") == 1
    assert recover(container, container.job_queue()) == 0  # lease still valid
    container.clock.advance(timedelta(minutes=3))  # type: ignore[attr-defined]
    assert recover(container, container.job_queue()) == 1
    with container.uow(write=False) as uow:
        assert uow.jobs.get(job_id).state == JobState.DONE


def test_a_live_local_worker_keeps_its_job_past_the_lease(container: Container) -> None:
    """A job whose worker process on this machine is alive is not taken from it, even when
    its lease ran out (on SQLite a long run can hold up its renewals)."""
    job_id = _submit(container)
    assert _claim(container, job_id, f"{socket.gethostname()}:{os.getpid()}") == 1
    container.clock.advance(timedelta(minutes=10))  # type: ignore[attr-defined]
    assert recover(container, container.job_queue()) == 0
    with container.uow(write=False) as uow:
        assert uow.jobs.get(job_id).state == JobState.RUNNING
