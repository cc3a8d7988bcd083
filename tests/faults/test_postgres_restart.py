"""PostgreSQL restarted under a stream of visit submissions: the running app recovers by
itself, refuses cleanly (503) while the database is away, and loses no acknowledged write."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
import pytest

from doorstep.store.migrate import upgrade
from tests.conftest import _reset_postgres
from tests.e2e.test_visit_crash import Server, _body, _counts, _seed, _token

PG_URL = os.environ.get("DOORSTEP_TEST_DATABASE_URL")
SUBMISSIONS = 300
RESTART_AFTER = 60
pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _can_restart() -> bool:
    local = PG_URL is not None and ("@127.0.0.1" in PG_URL or "@localhost" in PG_URL)
    return (local and os.geteuid() == 0 and shutil.which("pg_ctlcluster") is not None
            and Path("/etc/postgresql").is_dir())


def _restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                   check=True, capture_output=True, timeout=120)


async def _submit_all(server: Server, token: str, jobs: dict[str, dict[str, str]],
                      acked: dict[str, int], refusals: Counter[str]) -> float:
    """Each phone retries its submission (same key) until acknowledged; the database is
    restarted once RESTART_AFTER submissions are in. Returns the restart's duration."""
    sem = asyncio.Semaphore(8)
    restart: dict[str, asyncio.Future[float]] = {}
    loop = asyncio.get_running_loop()

    def timed_restart() -> float:
        t0 = time.monotonic()
        _restart_postgres()
        return time.monotonic() - t0

    async def one(client: httpx.AsyncClient, n: int, key: str) -> None:
        await asyncio.sleep(n * 0.03)  # phones submit over ~9 s, so the restart lands mid-way
        deadline = time.monotonic() + 120
        async with sem:
            while time.monotonic() < deadline:
                try:
                    r = await client.post(f"{server.base}/api/v1/visits", data=jobs[key])
                except httpx.HTTPError as exc:
                    refusals[type(exc).__name__] += 1
                else:
                    if r.status_code in (200, 201):
                        acked[key] = r.json()["visit_id"]
                        break
                    refusals[f"{r.status_code} {r.json()['error']['code']}"] += 1
                await asyncio.sleep(0.3)
            if len(acked) >= RESTART_AFTER and "db" not in restart:
                restart["db"] = loop.run_in_executor(None, timed_restart)

    async with httpx.AsyncClient(timeout=30, headers={"Authorization": f"Bearer {token}"}
                                 ) as client:
        await asyncio.gather(*(one(client, n, k) for n, k in enumerate(jobs)))
    return await restart["db"]


@pytest.mark.skipif(not _can_restart(), reason="needs a local PostgreSQL we may restart (root)")
def test_postgres_restart_loses_no_acknowledged_visit(tmp_path: Path) -> None:
    """Every 2xx-acknowledged visit is stored exactly once; outage answers are 503, and the
    same app process serves again after the restart without being restarted itself."""
    assert PG_URL is not None
    _reset_postgres(PG_URL)
    upgrade(PG_URL)
    fx, cases = _seed(PG_URL, tmp_path)
    keys = [f"pgr-{uuid.uuid4()}" for _ in range(SUBMISSIONS)]
    jobs = {k: _body(fx, case_id, k) for k, case_id in zip(keys, cases, strict=False)}
    server = Server(PG_URL, tmp_path)
    server.start()
    try:
        acked: dict[str, int] = {}
        refusals: Counter[str] = Counter()
        took = asyncio.run(_submit_all(server, _token(server), jobs, acked, refusals))
        assert server.proc is not None and server.proc.poll() is None
        ready = httpx.get(f"{server.base}/ready", timeout=10)
        print(f"\npostgres restart: took={took:.1f}s acknowledged={len(acked)} "
              f"refusals={dict(refusals)}")
    finally:
        server.kill()
    assert ready.status_code == 200
    assert len(acked) == SUBMISSIONS
    counts = _counts(PG_URL)
    assert all(counts.get(k) == 1 for k in acked) and len(counts) == SUBMISSIONS
    assert all(r.startswith("503 database.unavailable") or not r[0].isdigit()
               for r in refusals), refusals
