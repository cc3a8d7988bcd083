"""A screening job works its list out in a read transaction and writes it in one short one:
on SQLite, pages that write (a login) are served while the job computes, and the job still
stores exactly one run (a real worker process, a real database file)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.jobs import service
from doorstep.jobs.model import JobState
from doorstep.jobs.queue import JobQueue
from tests import factories as f
from tests.e2e.screening_bank import AS_OF, PLAN, prepare_bank
from tests.e2e.web.conftest import login_csrf
from tests.integration.jobs.test_worker_kill import ANALYST, _job, _runs, _stop, _wait, _worker

COMPUTING = {"features", "rules and risk", "ranking", "reasons"}


def _log_in(client: TestClient) -> float:
    """A web login (a session row and an audit event written); how long it took."""
    started = time.monotonic()
    token = login_csrf(client)
    r = client.post("/login", data={"username": "someone", "password": f.PASSWORD,
                                    "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    client.cookies.clear()
    return time.monotonic() - started


def test_pages_write_while_a_screening_job_computes(container: Container,
                                                   tmp_path: Path) -> None:
    """Logins complete while the job is still computing its list (before, the job held
    SQLite's write lock from its first step to its end); one run is stored, once."""
    if container.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")
    prepare_bank(container)
    f.user(container, "someone", Role.ANALYST)
    before = _runs(container)
    broker = f"sqlite:///{tmp_path / 'queue.db'}"
    with container.uow() as uow:
        job_id = service.submit(uow, ANALYST, "screening.run", {
            "plan_id": PLAN, "as_of": AS_OF.isoformat(), "seed": 7, "engine": "duckdb"})
        uow.commit()
    JobQueue(container, broker).send(job_id)
    served_while_computing: list[float] = []
    worker = _worker(container, broker, tmp_path)
    try:
        with TestClient(create_app(container)) as client:
            # progress is written by the job's lease renewals: writes that also need the lock
            _wait(container, job_id, lambda j: j.step in COMPUTING or j.final, 180)
            while True:
                # a login that starts while the job computes counts, even when the job
                # finishes before the login is answered (a fast job on an idle machine)
                computing = _job(container, job_id).step in COMPUTING
                took = _log_in(client)
                if computing:
                    served_while_computing.append(took)
                if _job(container, job_id).final:
                    break
        done = _wait(container, job_id, lambda j: j.final, 180)
    finally:
        _stop(worker)
    assert done.state == JobState.DONE and done.attempts == 1, done
    assert _runs(container) == before + 1 and done.result_kind == "screening_run"
    assert served_while_computing, "no login was served while the job computed"
    assert max(served_while_computing) < 10.0, served_while_computing
