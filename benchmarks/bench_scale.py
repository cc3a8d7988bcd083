"""Scale benchmark: N customers × 12 months from a Parquet snapshot to the ranked list.

The portfolio is generated once, vectorised in chunks of 1 M customers, as a Parquet snapshot
(``var/scale/<N>/snapshot``, one file per chunk and table). Each engine then runs the
screening pipeline end to end exactly as a run does: features (Parquet → Parquet), scores
(Parquet → Parquet), the driver reads ids and benefits only and ranks; the result is the
SHA-256 of the ordered selected customer ids, which both engines must agree on.

DuckDB runs in this process out of core (``memory_limit`` 2 GB, spilling to disk); its peak
RSS is this process's. Spark runs on a standalone cluster of one master and two workers
(1 core each) started from pyspark's ``spark-class``; the peak RSS given for it is the
driver's (the JVMs are separate processes).

Run: ``.venv/bin/python benchmarks/bench_scale.py --customers 1000000 [--engine duckdb|spark|
both] [--data var/scale]``; figures are appended to ``benchmarks/results/scale.md``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.spark_cluster

from doorstep.screening.features import INPUT_TABLES, MODEL_FEATURES, make_engine  # noqa: E402
from doorstep.screening.features.spec import BUSINESS_LINES  # noqa: E402
from doorstep.screening.lake import Storage, read_frame, write_table  # noqa: E402
from doorstep.screening.model import EscalationModel, ModelParams  # noqa: E402
from doorstep.screening.pipeline import (  # noqa: E402
    Scorer,
    StrategyScore,
    ranked_digest,
    ranked_ids,
)
from doorstep.screening.ranking import RankingParams, rank_candidates  # noqa: E402
from doorstep.screening.strategies import default_rule_sets  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "scale.md"
CHUNK = 1_000_000
LINES = np.array(["loan", "credit_card", "deposit", "wealth", "insurance"], dtype=object)


def _chunk(start: int, n: int, seed: int) -> dict[str, pd.DataFrame]:
    """Customers ``start`` … ``start + n - 1``: one account, 12 repayment months each."""
    rng = np.random.default_rng(seed)
    ids = np.arange(start, start + n, dtype=np.int64)
    risky = rng.random(n) < 0.15
    dpd_now = np.where(risky, rng.integers(0, 200, n), 0)
    months = np.tile(np.arange(12, dtype=np.int64), n)
    drift = np.repeat(np.where(risky, rng.integers(0, 15, n), 0), 12)
    dpd = np.clip(drift * months + rng.integers(-10, 10, n * 12) * np.repeat(risky, 12), 0, 400)
    due = np.repeat(rng.integers(500_00, 8_000_00, n), 12)
    k = n * 3 // 10
    who = np.where(rng.random(k) < 0.6, rng.choice(ids[risky], k), rng.choice(ids, k))
    dis = rng.integers(0, 1_000_001, k)
    return {
        "customers": pd.DataFrame({"customer_id": ids, "branch_id": rng.integers(1, 13, n),
                                   "do_not_visit": (rng.random(n) < 0.01).astype(np.int64),
                                   "under_regulator_complaint": np.zeros(n, np.int64)}),
        "accounts": pd.DataFrame({
            "account_id": ids, "customer_id": ids,
            "business_line": LINES[rng.integers(0, 2, n)],
            "balance_cents": rng.integers(1_000_00, 500_000_00, n), "days_past_due": dpd_now,
            "overdue_cents": np.where(dpd_now > 0, rng.integers(100_00, 50_000_00, n), 0)}),
        "repayments": pd.DataFrame({
            "account_id": np.repeat(ids, 12), "month_index": months, "due_cents": due,
            "paid_cents": np.where(dpd > 0, due // 3, due), "days_past_due": dpd,
            "promise_broken": ((rng.random(n * 12) < 0.05) & (dpd > 0)).astype(np.int64)}),
        "complaints": pd.DataFrame({
            "complaint_id": np.arange(start, start + k, dtype=np.int64), "customer_id": who,
            "channel": np.array(["app", "hotline", "branch", "regulator"], dtype=object)[
                rng.choice(4, k, p=[0.4, 0.35, 0.2, 0.05])],
            "severity": rng.integers(1, 6, k), "days_ago": rng.integers(0, 700, k),
            "dissatisfaction_micros": dis,
            "strong_dissatisfaction": (dis > 819_500).astype(np.int64)})}


def generate(n: int, where: Path) -> None:
    """Write the snapshot of ``n`` customers under ``where`` chunk by chunk."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if where.exists():
        shutil.rmtree(where)
    for i, start in enumerate(range(1, n + 1, CHUNK)):
        for name, frame in _chunk(start, min(CHUNK, n + 1 - start), seed=7 + i).items():
            folder = where / name
            folder.mkdir(parents=True, exist_ok=True)
            schema = pa.schema([(c, pa.string() if k == "str" else pa.int64())
                                for c, k in INPUT_TABLES[name].items()])
            table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
            pq.write_table(table, folder / f"part-{i:04d}.parquet")
        print(f"generated {min(start + CHUNK - 1, n):,} customers", flush=True)
    for name in ("contacts", "visits", "cases"):
        empty = pd.DataFrame({c: pd.Series(dtype="int64" if k == "int" else object)
                              for c, k in INPUT_TABLES[name].items()})
        write_table(Storage(), empty, str(where / name))
    (where / "_DONE").write_text(str(n))


def scorer() -> Scorer:
    """A model trained on a 50,000-customer sample; the shipped rules; every business line."""
    sample = _chunk(1, 50_000, seed=3)
    empty = {name: pd.DataFrame({c: pd.Series(dtype="int64" if k == "int" else object)
                                 for c, k in INPUT_TABLES[name].items()})
             for name in ("contacts", "visits", "cases")}
    feats = make_engine("duckdb").run({**sample, **empty})
    label = (feats["delinquency_trend"] + 30 * feats["complaints_90d"]
             + np.random.default_rng(3).normal(0, 20, len(feats)) > 40).astype(int)
    model = EscalationModel.fit(feats[list(MODEL_FEATURES)].astype("float64"), label,
                                ModelParams(n_estimators=200, n_jobs=2), seed=7)
    return Scorer(BUSINESS_LINES, 0.3, StrategyScore(model.to_bytes(), default_rule_sets()))


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def pipeline(engine_name: str, data: Path, out: Path, master: str | None) -> dict[str, object]:
    """Features → scores → ranked list; seconds per step, selected, digest, peak RSS."""
    storage = Storage(str(data))
    engine = make_engine(engine_name, master=master)
    score = scorer()
    if out.exists():
        shutil.rmtree(out)
    t0 = time.perf_counter()
    features = engine.features(storage, str(data / "snapshot"), str(out / "features"))
    t1 = time.perf_counter()
    scores = engine.score(storage, features, score, str(out / "scores"))
    t2 = time.perf_counter()
    s = read_frame(storage, scores, ["customer_id", "benefit_a", "benefit_b"])
    ids = s["customer_id"].to_numpy(np.int64)
    ranking = rank_candidates(ids, s["benefit_a"].to_numpy(float),
                              s["benefit_b"].to_numpy(float),
                              RankingParams(20_000, 0.1, 0.0), seed=7)
    chosen = ranked_ids(ids, ranking)
    t3 = time.perf_counter()
    return {"engine": engine_name, "features_s": round(t1 - t0, 1),
            "scores_s": round(t2 - t1, 1), "rank_s": round(t3 - t2, 1),
            "total_s": round(t3 - t0, 1), "candidates": len(ids), "selected": len(chosen),
            "digest": ranked_digest(chosen), "peak_rss_gib": round(peak_gib(), 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--engine", choices=("duckdb", "spark", "both"), default="both")
    ap.add_argument("--data", type=Path, default=ROOT / "var" / "scale")
    ap.add_argument("--generate-only", action="store_true")
    ap.add_argument("--one", choices=("duckdb", "spark"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    data = args.data / str(args.customers)
    if args.one:  # a child: one engine, RSS of its own
        master = None
        if args.one == "spark":
            from tests.spark_cluster import standalone_cluster

            with standalone_cluster(data / "cluster", workers=2, memory="3g") as master:
                from doorstep.screening.features.spark import stop_session
                result = pipeline("spark", data, data / "out-spark", master)
                stop_session()
        else:
            result = pipeline("duckdb", data, data / "out-duckdb", None)
        print("RESULT " + json.dumps(result), flush=True)
        return
    if not (data / "snapshot" / "_DONE").exists():
        t0 = time.perf_counter()
        generate(args.customers, data / "snapshot")
        print(f"generation {time.perf_counter() - t0:.0f} s", flush=True)
    if args.generate_only:
        return
    engines = ("duckdb", "spark") if args.engine == "both" else (args.engine,)
    lines = []
    for name in engines:
        load = Path("/proc/loadavg").read_text().split()[0]
        proc = subprocess.run([sys.executable, __file__, "--customers", str(args.customers),
                               "--data", str(args.data), "--one", name],
                              capture_output=True, text=True, check=False)
        found = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
        if not found:
            print(proc.stdout[-2000:], proc.stderr[-4000:])
            raise SystemExit(f"{name} failed")
        r = json.loads(found[0][7:])
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines.append(f"| {args.customers:,} | {name} | {r['features_s']} | {r['scores_s']} | "
                     f"{r['rank_s']} | {r['total_s']} | {r['peak_rss_gib']} | "
                     f"{r['selected']:,} of {r['candidates']:,} | `{r['digest'][:16]}` | "
                     f"{when}, load {load} |")
        print(lines[-1], flush=True)
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
