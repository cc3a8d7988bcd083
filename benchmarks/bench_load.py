"""Mixed field + dispatcher load on PostgreSQL, open loop: throughput, p50/p95/p99, errors.

Loads the demo bank (100,000 customers) into ``doorstep_load`` (``--reuse`` keeps it), adds
fresh work for this run (scheduled cases to visit, assigned cases to offer, survey links),
starts the app as production does (uvicorn, 2 workers) and fires requests at a CONSTANT
arrival rate from one asyncio process with a minimal HTTP/1.1 client. Latency counts from
the scheduled send time, so a slow server cannot hide queueing (no coordinated omission).

    .venv/bin/python benchmarks/bench_load.py --reuse --rate 200 --duration 60
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
from bench_case_list import pct  # noqa: E402
from load_client import Client, cpu_now, form_body, request  # noqa: E402
from load_work import Work, prepare  # noqa: E402

from doorstep.core.clock import BANK_TZ  # noqa: E402
from doorstep.store.db import make_engine  # noqa: E402
from doorstep.store.migrate import upgrade  # noqa: E402

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DB = "doorstep_load"
URL = f"postgresql://postgres@127.0.0.1:5432/{DB}"
RESULTS = Path(__file__).parent / "results"
NOTES = "<!-- notes: kept when the benchmark rewrites this file -->"
#: (operation, weight %, is_write): 70 % reads, 30 % writes.
MIX: list[tuple[str, int, bool]] = [
    ("field: agenda", 14, False), ("field: case brief page", 14, False),
    ("field: survey page", 4, False), ("dispatcher: case list (filters)", 18, False),
    ("dispatcher: case detail", 6, False), ("dispatcher: dispatch board", 10, False),
    ("dispatcher: case appointments", 4, False),
    ("field: check-in", 12, True), ("field: visit record (idempotent)", 8, True),
    ("dispatcher: appointment offer", 6, True), ("customer: survey answer", 4, True),
]


def ensure_database(reuse: bool, customers: int) -> None:
    """The demo bank in ``doorstep_load``: kept with ``--reuse`` when it holds customers."""
    admin = make_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"),
                              {"d": DB}).scalar()
        if exists and reuse:
            admin.dispose()
            engine = make_engine(URL)
            with engine.connect() as c2:
                n = c2.execute(text("SELECT count(*) FROM customers")).scalar()
            engine.dispose()
            if n:
                print(f"reusing {DB} ({n:,} customers)")
                return
        conn.execute(text(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {DB}"))
    admin.dispose()
    upgrade(URL)
    t0 = time.perf_counter()
    today = datetime.now(BANK_TZ).date().isoformat()
    subprocess.run([sys.executable, "-m", "doorstep.cli.main", "demo", "load", "--customers",
                    str(customers), "--seed", "7", "--as-of", today, "--database-url", URL],
                   check=True, stdout=subprocess.DEVNULL)
    print(f"demo bank with {customers:,} customers loaded in {time.perf_counter() - t0:.0f} s")


def builders(w: Work, rng: random.Random) -> dict[str, Callable[[], tuple[bytes, tuple[int, ...]]]]:
    """One request factory per operation: the raw request and the statuses that mean success."""
    today = datetime.now(BANK_TZ).date().isoformat()
    ok = (200,)

    def field_user() -> Any:
        return rng.choice(w.field)

    def case_list() -> tuple[bytes, tuple[int, ...]]:
        d = rng.choice(w.dispatchers)
        q = {"page": str(rng.randint(1, 3)), "page_size": "50",
             "state": rng.choice(["approved", "assigned", "scheduled", "follow_up", "visited"])}
        if rng.random() < 0.4:
            q["business_line"] = rng.choice(["loan", "credit_card", "deposit", "wealth"])
        if rng.random() < 0.3:
            q["overdue"] = "true"
        return request("GET", f"/api/v1/cases?{urlencode(q)}", d.token), ok

    def visit() -> tuple[bytes, tuple[int, ...]]:
        u, case_id = w.visit_cases.pop()
        day = datetime.now(BANK_TZ) - timedelta(days=1)
        start = day.replace(hour=10, minute=rng.randint(0, 50), second=0, microsecond=0)
        record = {"idempotency_key": str(uuid.uuid4()), "case_id": case_id,
                  "check_in_at": start.isoformat(),
                  "check_out_at": (start + timedelta(minutes=25)).isoformat(),
                  "check_in_lat": u.home[0], "check_in_lon": u.home[1],
                  "staff_present": list(u.members), "outcome": "follow_up",
                  "findings": "客户说明近期收入下降，愿意配合后续沟通。",
                  "customer_account": "客户表示下月起恢复还款。",
                  "signed_note": "客户已阅读并签字确认本次上门记录。"}
        body = form_body({"record": json.dumps(record, ensure_ascii=False)})
        return request("POST", "/api/v1/visits", u.token, body,
                       "application/x-www-form-urlencoded"), (201,)

    def check_in() -> tuple[bytes, tuple[int, ...]]:
        u = field_user()
        body = json.dumps({"case_id": rng.choice(u.cases), "lat": u.home[0] + 0.001,
                           "lon": u.home[1]}).encode()
        return request("POST", "/api/v1/visits/check-in", u.token, body), ok

    def offer() -> tuple[bytes, tuple[int, ...]]:
        token, case_id, team_id, day = w.offers.pop()
        body = json.dumps({"team_id": team_id, "day": day}).encode()
        return request("POST", f"/api/v1/cases/{case_id}/appointments", token, body), (201,)

    def survey_answer() -> tuple[bytes, tuple[int, ...]]:
        body = form_body({"csat": str(rng.randint(3, 5)), "nps": str(rng.randint(6, 10)),
                      "comment": "服务态度很好"})
        return request("POST", f"/survey/{w.surveys.pop()}", None, body,
                       "application/x-www-form-urlencoded"), ok

    def board() -> tuple[bytes, tuple[int, ...]]:
        d = rng.choice(w.dispatchers)
        return request("GET", f"/api/v1/dispatch/plans?branch_id={d.branch_id}&day={today}",
                       d.token), ok

    def d_case(path: str) -> Callable[[], tuple[bytes, tuple[int, ...]]]:
        def make() -> tuple[bytes, tuple[int, ...]]:
            d = rng.choice(w.dispatchers)
            return request("GET", path.format(rng.choice(d.cases)), d.token), ok
        return make

    def f_get(path: Callable[[Any], str]) -> Callable[[], tuple[bytes, tuple[int, ...]]]:
        def make() -> tuple[bytes, tuple[int, ...]]:
            u = field_user()
            return request("GET", path(u), u.token), ok
        return make

    return {
        "field: agenda": f_get(lambda u: "/api/v1/visits/agenda"),
        "field: case brief page": f_get(lambda u: f"/field/cases/{rng.choice(u.cases)}"),
        "field: survey page": lambda: (request("GET", f"/survey/{rng.choice(w.survey_pages)}",
                                               None), ok),
        "dispatcher: case list (filters)": case_list,
        "dispatcher: case detail": d_case("/api/v1/cases/{}"),
        "dispatcher: dispatch board": board,
        "dispatcher: case appointments": d_case("/api/v1/cases/{}/appointments"),
        "field: check-in": check_in, "field: visit record (idempotent)": visit,
        "dispatcher: appointment offer": offer, "customer: survey answer": survey_answer,
    }


class Tally:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = {name: [] for name, _, _ in MIX}
        self.errors: dict[str, int] = {name: 0 for name, _, _ in MIX}
        self.samples: list[str] = []

    def error(self, op: str, detail: str) -> None:
        self.errors[op] += 1
        if len(self.samples) < 8:
            self.samples.append(f"{op}: {detail[:300]}")


async def run(port: int, w: Work, rate: float, duration: float, seed: int) -> tuple[Tally, float]:
    """Fire ``rate`` requests per second for ``duration`` s at fixed, scheduled instants."""
    rng = random.Random(seed)
    make = builders(w, rng)
    names = [name for name, _, _ in MIX]
    weights = [weight for _, weight, _ in MIX]
    client = Client("127.0.0.1", port, 512)
    tally = Tally()
    loop = asyncio.get_running_loop()
    tasks = []

    async def fire(op: str, raw: bytes, good: tuple[int, ...], due: float) -> None:
        try:
            status, body = await client.send(raw)
            if status not in good:
                tally.error(op, f"{status} {body.decode(errors='replace')}")
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            tally.error(op, repr(exc))
        tally.latency[op].append((loop.time() - due) * 1000)

    start = loop.time() + 0.5
    total = int(rate * duration)
    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        op = rng.choices(names, weights)[0]
        raw, good = make[op]()
        tasks.append(asyncio.create_task(fire(op, raw, good, due)))
    await asyncio.gather(*tasks)
    return tally, loop.time() - start


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DOORSTEP_DATABASE_URL=URL)
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "doorstep.asgi:app", "--port", str(port),
         "--workers", str(workers), "--no-access-log", "--log-level", "warning"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready").status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("the app did not become ready")


def report(tally: Tally, wall: float, args: argparse.Namespace,
           cpu: dict[str, float]) -> str:
    every = [x for v in tally.latency.values() for x in v]
    errors = sum(tally.errors.values())
    writes = sum(len(tally.latency[n]) for n, _, w in MIX if w)
    lines = [
        f"# Mixed load on PostgreSQL, demo bank of {args.customers:,} customers", "",
        f"Open loop at {args.rate:g} req/s for {args.duration:g} s ({len(every)} requests, "
        f"{writes / max(len(every), 1):.0%} writes), {args.workers} uvicorn workers, "
        f"{os.cpu_count()} CPUs shared with the generator; achieved "
        f"{len(every) / wall:.0f} req/s; errors {errors}. Latency from the scheduled send time.",
        "", "| operation | n | p50 ms | p95 ms | p99 ms | errors |", "|---|---|---|---|---|---|",
        f"| **all** | {len(every)} | {pct(every, 50):.1f} | {pct(every, 95):.1f} | "
        f"{pct(every, 99):.1f} | {errors} |"]
    for name, _, _ in MIX:
        lat = tally.latency[name]
        if lat:
            lines.append(f"| {name} | {len(lat)} | {pct(lat, 50):.1f} | {pct(lat, 95):.1f} | "
                         f"{pct(lat, 99):.1f} | {tally.errors[name]} |")
    n = max(len(every), 1)
    lines += ["", "CPU per request, ms: "
              + ", ".join(f"{k} {v * 1000 / n:.1f}" for k, v in cpu.items())]
    target = pct(every, 95) <= 100 and errors == 0
    lines += ["", f"Target p95 ≤ 100 ms with zero errors: {'met' if target else 'NOT met'}."]
    lines += [f"- error sample: {s}" for s in tally.samples]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--rate", type=float, default=200, help="requests per second")
    ap.add_argument("--duration", type=float, default=60, help="seconds of load")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reuse", action="store_true", help="keep the loaded demo database")
    ap.add_argument("--external", action="store_true",
                    help="drive an app already serving on --port (e.g. under a profiler)")
    args = ap.parse_args()
    ensure_database(args.reuse, args.customers)
    total = int(args.rate * args.duration)
    need = {name: int(total * weight / 100 * 1.5) + 20 for name, weight, _ in MIX}
    server = None if args.external else start_server(args.port, args.workers)
    try:
        base = f"http://127.0.0.1:{args.port}"
        work = prepare(URL, base, need["field: visit record (idempotent)"],
                       need["dispatcher: appointment offer"], need["customer: survey answer"])
        asyncio.run(run(args.port, work, min(args.rate, 20), 5, args.seed + 1))  # warm-up
        before = cpu_now(server, DB)
        tally, wall = asyncio.run(run(args.port, work, args.rate, args.duration, args.seed))
        after = cpu_now(server, DB)
        cpu = {k: after[k] - before[k] for k in after}
    finally:
        if server is not None:
            server.terminate()
            server.wait(15)
    text_ = report(tally, wall, args, cpu)
    print(text_)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "load.md"
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    notes = old[old.index(NOTES):] if NOTES in old else ""  # hand-written findings survive
    out.write_text(text_ + "\n\n" + notes, encoding="utf-8")


if __name__ == "__main__":
    main()
