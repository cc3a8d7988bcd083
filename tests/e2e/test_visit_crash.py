"""Crash test: SIGKILL the server during a burst of 1,000 visit submissions, restart, retry;
every acknowledged visit exists exactly once and no idempotency key is stored twice."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, insert, select

from doorstep.container import Container
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import BANK_TZ
from doorstep.core.settings import Settings
from doorstep.store import tables as t
from doorstep.store.migrate import upgrade
from tests import factories as f
from tests import visit_factories as vf

PG_URL = os.environ.get("DOORSTEP_TEST_DATABASE_URL")
BURST = 1000
CONCURRENCY = 50
KILL_AFTER = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed(url: str, tmp: Path) -> tuple[vf.Field, list[int]]:
    """A team of two and 1,000 scheduled cases for it, inserted in one transaction."""
    c = Container.build(Settings(environment="test", database_url=url,
                                 evidence_dir=tmp / "evidence"))
    fx = vf.field_setup(c)
    now = datetime(2026, 1, 1)
    with c.engine.begin() as conn:
        cust = conn.execute(select(t.customers).limit(1)).one()._asdict()
        cust.pop("id")
        rows = [{**cust, "customer_no": f"CB{n:08d}"} for n in range(BURST)]
        conn.execute(insert(t.customers), rows)
        ids = list(conn.execute(select(t.customers.c.id).where(
            t.customers.c.customer_no.like("CB%")).order_by(t.customers.c.id)).scalars())
        conn.execute(insert(t.cases), [dict(
            case_no=f"AJB{n:09d}", customer_id=cid, branch_id=fx.branch,
            case_type="overdue_debt", business_line="loan", state="scheduled", priority=2,
            overdue_amount=1000, amount_at_stake=5000, owner_team_id=fx.team, opened_at=now,
            updated_at=now, version=1) for n, cid in enumerate(ids)])
        cases = list(conn.execute(select(t.cases.c.id).where(
            t.cases.c.case_no.like("AJB%")).order_by(t.cases.c.id)).scalars())
    with c.uow() as uow:  # field2 confirmed presence at each door from their own phone
        for case_id in cases:
            uow.audit(AuditEntry("field2", "visit.presence_confirmed", "case", str(case_id),
                                 None, {"staff_id": fx.members[1], "appointment_id": None},
                                 uow.clock.now()))
        uow.commit()
    c.engine.dispose()
    return fx, cases


class Server:
    def __init__(self, url: str, tmp: Path) -> None:
        self.port = _free_port()
        self.env = {**os.environ, "DOORSTEP_DATABASE_URL": url, "DOORSTEP_ENVIRONMENT": "test",
                    "DOORSTEP_EVIDENCE_DIR": str(tmp / "evidence")}
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "doorstep.asgi:app", "--port", str(self.port),
             "--log-level", "warning", "--no-access-log"], env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("server did not start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


def _body(fx: vf.Field, case_id: int, key: str) -> dict[str, str]:
    import json

    day = (datetime.now(BANK_TZ) - timedelta(days=1)).replace(hour=10, minute=0, second=0,
                                                               microsecond=0)
    record = vf.record(fx, key=key, case=case_id, appointment=None, outcome="follow_up",
                       check_in_at=day.isoformat(),
                       check_out_at=(day + timedelta(minutes=20)).isoformat())
    record["appointment_id"] = None
    return {"record": json.dumps(record)}


async def _burst(server: Server, token: str, jobs: dict[str, dict[str, str]],
                 acked: dict[str, int], kill_after: int | None) -> None:
    sem = asyncio.Semaphore(CONCURRENCY)
    headers = {"Authorization": f"Bearer {token}"}
    killed = asyncio.Event()

    async def one(client: httpx.AsyncClient, key: str) -> None:
        async with sem:
            if killed.is_set():
                return
            try:
                r = await client.post(f"{server.base}/api/v1/visits", data=jobs[key],
                                      headers=headers)
            except httpx.HTTPError:
                return
            if r.status_code in (200, 201):
                acked[key] = r.json()["visit_id"]
                if kill_after is not None and len(acked) >= kill_after and not killed.is_set():
                    killed.set()
                    server.kill()
            else:
                raise AssertionError(r.text)

    async with httpx.AsyncClient(timeout=30) as client:
        await asyncio.gather(*(one(client, k) for k in jobs))


def _token(server: Server) -> str:
    r = httpx.post(f"{server.base}/api/v1/auth/token",
                   json={"username": "field1", "password": f.PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


@pytest.fixture(params=["sqlite"] + (["postgres"] if PG_URL else []))
def crash_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database for the crash test on each backend."""
    if request.param == "postgres":
        from tests.conftest import _reset_postgres

        assert PG_URL is not None
        _reset_postgres(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path / 'crash.db'}"
    upgrade(url)
    return url


def test_sigkill_mid_burst_loses_and_duplicates_nothing(crash_db: str, tmp_path: Path) -> None:
    """Acknowledged visits survive a SIGKILL exactly once; retries and replays add none."""
    fx, cases = _seed(crash_db, tmp_path)
    jobs = {f"crash-{uuid.uuid4()}": {} for _ in cases}
    jobs = {k: _body(fx, case_id, k) for k, case_id in zip(jobs, cases, strict=True)}
    server = Server(crash_db, tmp_path)
    server.start()
    acked: dict[str, int] = {}
    asyncio.run(_burst(server, _token(server), jobs, acked, KILL_AFTER))
    acked_before_kill = dict(acked)
    server.start()
    token = _token(server)
    pending = {k: v for k, v in jobs.items() if k not in acked}
    asyncio.run(_burst(server, token, pending, acked, None))
    replays = dict(list(acked_before_kill.items())[:100])
    replayed: dict[str, int] = {}
    asyncio.run(_burst(server, token, {k: jobs[k] for k in replays}, replayed, None))
    server.kill()
    counts = _counts(crash_db)
    print(f"\ncrash test: submissions={BURST} acknowledged_before_kill={len(acked_before_kill)} "
          f"retried={len(pending)} acknowledged_total={len(acked)} "
          f"found_once={sum(1 for k in acked if counts.get(k) == 1)} "
          f"duplicates={sum(1 for n in counts.values() if n > 1)}")
    assert KILL_AFTER <= len(acked_before_kill) < BURST
    assert len(acked) == BURST
    assert all(counts.get(k) == 1 for k in acked)
    assert all(n == 1 for n in counts.values()) and len(counts) == BURST
    assert replayed == replays


def _counts(url: str) -> dict[str, int]:
    c = Container.build(Settings(environment="test", database_url=url))
    with c.engine.connect() as conn:
        rows = conn.execute(select(t.visits.c.idempotency_key, func.count())
                            .group_by(t.visits.c.idempotency_key)).all()
    c.engine.dispose()
    return {str(k): int(n) for k, n in rows}
