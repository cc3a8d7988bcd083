"""Case-list endpoint over 1,000,000 cases on PostgreSQL: HTTP p50/p95/p99 vs the bare SQL.

Builds a bench database (``doorstep_bench``) through the real migrations, fills it with
PostgreSQL's ``generate_series`` (1,000,000 cases over 200,000 customers and 12 branches),
starts the real app with uvicorn, and drives the filtered, paginated ``GET /api/v1/cases``
with an asyncio HTTP load generator at a fixed concurrency. The floor is the same list +
count queries timed straight on the database.

    .venv/bin/python benchmarks/bench_case_list.py [--cases 1000000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import text

from doorstep.auth.service import CreateUser, create_user
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.settings import Settings
from doorstep.store.db import make_engine
from doorstep.store.migrate import upgrade

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
RESULTS = Path(__file__).parent / "results"
STATES = ["screened", "approved", "assigned", "scheduled", "visited", "resolved", "monitoring",
          "follow_up", "escalated", "mediation", "litigation", "closed_unreachable"]
LINES = ["loan", "credit_card", "deposit", "wealth", "insurance"]


def recreate(db: str) -> str:
    admin = make_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {db}"))
    admin.dispose()
    url = f"postgresql://postgres@127.0.0.1:5432/{db}"
    upgrade(url)
    return url


def fill(url: str, n_cases: int) -> None:
    """Branches, customers and cases generated inside PostgreSQL (fast, deterministic)."""
    c = Container.build(Settings(database_url=url))
    enc = c.cipher.seal("0")
    n_customers = max(n_cases // 5, 1000)
    with c.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO branches (code, name, district, address, lat, lon) "
            "SELECT 'B'||g, '支行'||g, '区'||g, '地址'||g, 22.5, 114.0 "
            "FROM generate_series(1, 12) g"))
        conn.execute(text(
            "INSERT INTO customers (customer_no, name, gender, birth_year, national_id_enc, "
            "national_id_index, phone_enc, phone_index, address_enc, district, lat, lon, "
            "branch_id, created_at) SELECT 'C'||g, (ARRAY['张','王','李','刘','陈'])[1+g%5]||g, "
            "'M', 1980, :e, md5(g::text), :e, md5('p'||g), :e, '福田区', 22.5, 114.0, "
            "1 + g % 12, now() FROM generate_series(1, :n) g"), {"e": enc, "n": n_customers})
        conn.execute(text(
            "INSERT INTO cases (case_no, customer_id, branch_id, case_type, business_line, "
            "state, priority, overdue_amount, amount_at_stake, sla_due, opened_at, updated_at, "
            "version, failed_attempts, summary) "
            "SELECT 'AJ'||g, 1 + g % :nc, 1 + (g % :nc) % 12, 'overdue_debt', "
            "(ARRAY['loan','credit_card','deposit','wealth','insurance'])[1 + (g*7) % 5], "
            "(ARRAY['screened','approved','assigned','scheduled','visited','resolved',"
            "'monitoring','follow_up','escalated','mediation','litigation',"
            "'closed_unreachable'])[1 + (g*13) % 12], 1 + g % 5, (g % 50000)::numeric, "
            "(g % 200000)::numeric, timestamp '2026-10-01' + (g % 120) * interval '1 day', "
            "timestamp '2026-06-01', now(), 1, 0, '' FROM generate_series(1, :n) g"),
            {"n": n_cases, "nc": n_customers})
    with c.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    with c.uow() as uow:
        create_user(uow, CreateUser("bench", "bench", "Bench!2026x", Role.ANALYST), "bench")
        uow.commit()
    with c.uow() as uow:
        create_user(uow, CreateUser("bench_ft", "bench", "Bench!2026x", Role.DISPATCHER,
                                    branch_code="B3"), "bench")
        uow.commit()
    c.engine.dispose()


def queries(rng: random.Random, n: int) -> list[dict[str, str]]:
    out = []
    for _ in range(n):
        q: dict[str, str] = {"page": str(rng.randint(1, 5)), "page_size": "50"}
        kind = rng.random()
        if kind < 0.4:
            q["state"] = rng.choice(STATES)
        elif kind < 0.7:
            q["state"] = rng.choice(STATES)
            q["business_line"] = rng.choice(LINES)
        elif kind < 0.85:
            q["overdue"] = "true"
            q["state"] = rng.choice(STATES)
        else:
            q["sort"] = rng.choice(["sla_due", "-amount", "priority"])
            q["branch_id"] = str(rng.randint(1, 12))
        out.append(q)
    return out


async def drive(base: str, token: str, qs: list[dict[str, str]], concurrency: int
                ) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    it = iter(qs)
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30,
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        async def worker() -> None:
            nonlocal errors
            for q in it:
                t0 = time.perf_counter()
                r = await client.get("/api/v1/cases", params=q)
                latencies.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    errors += 1
        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return latencies, errors, wall


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Authorization"] = "Bearer %s"})
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %%d %%d %%.3f %%.3f %%.3f %%.3f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def drive_wrk(base: str, token: str, qs: list[dict[str, str]], concurrency: int,
              seconds: int) -> tuple[float, float, float, int, int, float]:
    """wrk (a C load generator) replaying the same mix; returns p50/p95/p99 ms, counts."""
    import tempfile
    from urllib.parse import urlencode

    paths = ", ".join(f'"/api/v1/cases?{urlencode(q)}"' for q in qs)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % (paths, token))
    out = subprocess.run(["wrk", "-t", "1", "-c", str(concurrency), "-d", f"{seconds}s",
                          "-s", f.name, base], capture_output=True, text=True, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("WRK "))
    _, n, errors, p50, p95, p99, dur = line.split()
    return float(p50), float(p95), float(p99), int(n), int(errors), float(dur)


def sql_floor(url: str, qs: list[dict[str, str]]) -> list[float]:
    """The same list + capped count queries through the repository, without HTTP."""
    from doorstep.cases.model import BusinessLine, CaseState
    from doorstep.cases.queries import CaseQuery
    from doorstep.core.clock import SystemClock

    c = Container.build(Settings(database_url=url))
    out = []
    for q in qs:
        query = CaseQuery(states=(CaseState(q["state"]),) if "state" in q else (),
                          business_line=BusinessLine(q["business_line"])
                          if "business_line" in q else None,
                          branch_id=int(q["branch_id"]) if "branch_id" in q else None,
                          overdue_only="overdue" in q, sort=q.get("sort", "sla_due"),  # type: ignore[arg-type]
                          page=int(q["page"]), page_size=50)
        t0 = time.perf_counter()
        with c.engine.connect() as conn:
            from doorstep.store.repositories.cases import CaseRepository

            CaseRepository(conn).page(query, None, SystemClock().now())
        out.append((time.perf_counter() - t0) * 1000)
    c.engine.dispose()
    return out


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seconds", type=int, default=20, help="wrk duration")
    ap.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    args = ap.parse_args()
    url = "postgresql://postgres@127.0.0.1:5432/doorstep_bench"
    if not args.reuse:
        t0 = time.perf_counter()
        url = recreate("doorstep_bench")
        fill(url, args.cases)
        print(f"filled {args.cases:,} cases in {time.perf_counter() - t0:.1f} s")
    env = dict(os.environ, DOORSTEP_DATABASE_URL=url)
    port = 8765
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "doorstep.asgi:app", "--port", str(port),
         "--workers", str(args.workers), "--no-access-log", "--log-level", "warning"],
        env=env, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(base + "/ready").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        token = httpx.post(base + "/api/v1/auth/token",
                           json={"username": "bench", "password": "Bench!2026x"}).json()
        token = token["access_token"]
        rng = random.Random(7)
        asyncio.run(drive(base, token, queries(rng, 200), args.concurrency))  # warm-up
        qs = queries(random.Random(11), args.requests)
        wrk = shutil.which("wrk")
        if wrk:
            p50, p95, p99, n, errors, wall = drive_wrk(base, token, qs, args.concurrency,
                                                       args.seconds)
            generator = "wrk"
        else:
            lat, errors, wall = asyncio.run(drive(base, token, qs, args.concurrency))
            p50, p95, p99, n = pct(lat, 50), pct(lat, 95), pct(lat, 99), len(lat)
            generator = "httpx (asyncio)"
    finally:
        server.terminate()
        server.wait(10)
    floor = sql_floor(url, qs[:500])
    rows = [
        ("HTTP GET /api/v1/cases", p50, p95, p99),
        ("bare SQL (list + capped count)", pct(floor, 50), pct(floor, 95), pct(floor, 99)),
    ]
    lines = [f"# Case list over {args.cases:,} cases (PostgreSQL)", "",
             f"{n} requests by {generator}, concurrency {args.concurrency}, {args.workers} "
             f"uvicorn workers, {n / wall:.0f} req/s, errors {errors}", "",
             "| what | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|"]
    lines += [f"| {n} | {a:.1f} | {b:.1f} | {c:.1f} |" for n, a, b, c in rows]
    lines.append(f"\np95 ratio HTTP / SQL floor: {rows[0][2] / rows[1][2]:.1f}×")
    report = "\n".join(lines)
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "case_list.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
