"""数据接入 at scale on PostgreSQL: N customers, each with one account and 12 repayment months,
in one CSV imported by ``doorstep data import`` (wall time, peak RSS of the process), beside
a bare ``COPY`` of the same rows into tables of the same shape (the floor).

The file is written by this script (numpy, streamed): valid GB 11643 national ids, mobiles,
amounts with thousands separators; the mapping is written beside it. Each run starts from an
empty schema in ``DOORSTEP_BENCH_URL`` (default: this engineer's database ``doorstep_h15``).

    .venv/bin/python benchmarks/bench_import.py [--customers 1000000] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psycopg
from sqlalchemy import text

from doorstep.intake.validate import national_id_check_digit
from doorstep.store.db import make_engine
from doorstep.store.migrate import upgrade

URL = os.environ.get("DOORSTEP_BENCH_URL", "postgresql://postgres@127.0.0.1:5432/doorstep_h15")
RESULTS = Path(__file__).parent / "results"
MONTHS = [f"2026-{m:02d}" for m in range(12, 0, -1)]
MAPPING = f"""
[source]
encoding = "utf-8"
[[target]]
kind = "branches"
[target.fields]
code = {{ value = "HQ01" }}
name = {{ value = "总行营业部" }}
lat = {{ value = 22.54 }}
lon = {{ value = 114.05 }}
[[target]]
kind = "customers"
[target.fields]
customer_no = "客户号"
name = "姓名"
national_id = "身份证号"
phone = "手机"
branch_code = {{ value = "HQ01" }}
[[target]]
kind = "accounts"
[target.fields]
account_no = "账号"
customer_no = "客户号"
business_line = {{ value = "loan" }}
balance = "余额"
[[target]]
kind = "repayment_months"
[target.repeat]
month = {json.dumps(MONTHS)}
n = {json.dumps(list(range(1, 13)))}
[target.fields]
account_no = "账号"
month = {{ template = "{{month}}" }}
amount_due = "应还{{n}}"
amount_paid = "实还{{n}}"
days_past_due = "逾期天数{{n}}"
"""


def _ids(n: int, rng: np.random.Generator) -> list[str]:
    days = rng.integers(0, 15000, n)
    out = []
    for i, d in enumerate(days):
        born = np.datetime64("1960-01-01") + int(d)
        first = f"440301{str(born).replace('-', '')}{i % 1000:03d}"
        out.append(first + national_id_check_digit(first))
    return out


def write_file(path: Path, n: int, seed: int = 7) -> None:
    """The bank's export: one row per customer, 12 months wide."""
    rng = np.random.default_rng(seed)
    header = ["客户号", "姓名", "身份证号", "手机", "账号", "余额"] + [
        f"{k}{m}" for m in range(1, 13) for k in ("应还", "实还", "逾期天数")]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for start in range(0, n, 50_000):
            size = min(50_000, n - start)
            ids = _ids(size, rng)
            due = rng.integers(0, 500_000, (size, 12)) / 100
            paid = np.minimum(due, rng.integers(0, 500_000, (size, 12)) / 100)
            dpd = rng.choice([0, 0, 0, 30, 60], (size, 12))
            for i in range(size):
                k = start + i
                months = [v for m in range(12)
                          for v in (f"{due[i, m]:,.2f}", f"{paid[i, m]:.2f}", int(dpd[i, m]))]
                w.writerow([f"C{k:09d}", f"客户{k}", ids[i], f"138{k % 10**8:08d}",
                            f"A{k:011d}", f"{due[i].sum():,.2f}", *months])


def _reset() -> None:
    engine = make_engine(URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade(URL)


def run_import(data: Path, mapping: Path) -> tuple[float, float, str]:
    env = os.environ | {"DOORSTEP_DATABASE_URL": URL, "COLUMNS": "100"}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "doorstep.cli.main", "data", "import",
                          "--mapping", str(mapping), str(data), "--json"],
                         env=env, capture_output=True, text=True, check=True)
    took = time.perf_counter() - started
    rss_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
    return took, rss_gib, out.stdout.strip().splitlines()[-1]


def copy_floor(data: Path) -> float:
    """COPY the same customers, accounts and months into bare tables of the same width."""
    started = time.perf_counter()
    with psycopg.connect(URL.replace("postgresql://", "postgresql://", 1)) as conn:
        conn.execute("CREATE UNLOGGED TABLE floor_c (no text, name text, nid text, phone text)")
        conn.execute("CREATE UNLOGGED TABLE floor_a (no text, cust text, balance numeric)")
        conn.execute("CREATE UNLOGGED TABLE floor_m (acct text, month date, due numeric, "
                     "paid numeric, dpd int)")
        with data.open(encoding="utf-8", newline="") as fh, conn.cursor() as cur:
            reader = csv.reader(fh)
            next(reader)
            with cur.copy("COPY floor_c FROM STDIN") as cc:
                rows = []
                for r in reader:
                    cc.write_row(r[:4])
                    rows.append(r)
                    if len(rows) >= 50_000:
                        _copy_rest(cur, rows)
                        rows = []
            _copy_rest(cur, rows)
        conn.commit()
    return time.perf_counter() - started


def _copy_rest(cur: psycopg.Cursor, rows: list[list[str]]) -> None:
    """Accounts and months of a chunk (a second and third COPY stream)."""
    if not rows:
        return
    with cur.connection.cursor() as c2, c2.copy("COPY floor_a FROM STDIN") as ca:
        for r in rows:
            ca.write_row([r[4], r[0], r[5].replace(",", "")])
    with cur.connection.cursor() as c3, c3.copy("COPY floor_m FROM STDIN") as cm:
        for r in rows:
            for m in range(12):
                due, paid, dpd = r[6 + 3 * m: 9 + 3 * m]
                cm.write_row([r[4], MONTHS[m] + "-01", due.replace(",", ""), paid, dpd])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("var/bench_import"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data, mapping = args.out / f"bank_{args.customers}.csv", args.out / "bank.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    if not data.exists():
        t = time.perf_counter()
        write_file(data, args.customers)
        print(f"wrote {data} ({data.stat().st_size / 2**20:.0f} MiB) in "
              f"{time.perf_counter() - t:.0f} s")
    _reset()
    took, rss, summary = run_import(data, mapping)
    floor = copy_floor(data)
    records = 14 * args.customers  # a customer, an account and 12 months per row
    line = (f"| {args.customers:,} | {12 * args.customers:,} | "
            f"{data.stat().st_size / 2**20:.0f} MiB | {took:.0f} s | {records / took:,.0f} | "
            f"{rss:.2f} GiB | {floor:.1f} s | {took / floor:.0f}× |")
    print(summary)
    print("| customers | months | file | import | records/s | peak RSS | bare COPY | ratio |")
    print(line)
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / "import.md").open("a", encoding="utf-8") as fh:
        fh.write(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} {line}\n")


if __name__ == "__main__":
    main()
