"""A plan's evaluation dashboard over 1,000,000 cases on PostgreSQL: snapshot vs live.

Reuses ``bench_case_list``'s generator for the cases (database ``doorstep_bench``), puts
them all in one plan, adds teams, visits, surveys, agreements with repayments, compliance
exceptions and an approved screening run with a holdout (all with ``generate_series``), then
times (c) the snapshot job for the plan (`doorstep evaluation refresh`: whole bank and each
branch), (a) ``GET /evaluation/plans/{id}`` (the full page, signed in) served from the fresh
snapshot, (b) the same page computed live (a server with ``kpi_snapshot_minutes=0``) and the
dashboard's live queries straight through the service layer; the effect fragment both ways.

    .venv/bin/python benchmarks/bench_dashboard.py [--cases 1000000] [--reuse] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
from bench_case_list import fill, recreate  # noqa: E402

from doorstep.container import Container  # noqa: E402
from doorstep.core.access import Principal, Role  # noqa: E402
from doorstep.core.settings import Settings  # noqa: E402
from doorstep.evaluation import refresh, service  # noqa: E402
from doorstep.evaluation.model import Dimension  # noqa: E402
from doorstep.store.migrate import upgrade  # noqa: E402

URL = "postgresql://postgres@127.0.0.1:5432/doorstep_bench"
RESULTS = Path(__file__).parent / "results"
PLAN = "基准计划（百万案件）"
EVALUATION_SQL = [
    "INSERT INTO staff (staff_no, name, role, skills, branch_id, phone_enc, home_lat, home_lon, "
    "shift_start, shift_end, weekdays) SELECT 'BS'||g, '员工'||g, 'customer_manager', '[]', "
    "1 + (g - 1) / 2, 'x', 22.5, 114.0, '09:00', '18:00', '[1,2,3,4,5]' "
    "FROM generate_series(1, 24) g",
    "INSERT INTO teams (name, branch_id, member_a_id, member_b_id, formed_on) "
    "SELECT '小组'||b.id, b.id, (SELECT min(id) FROM staff WHERE branch_id = b.id), "
    "(SELECT max(id) FROM staff WHERE branch_id = b.id), '2026-01-01' FROM branches b",
    "INSERT INTO plans (name, period_start, period_end, business_lines, branch_ids, "
    "visit_budget, holdout_share, status, created_at, version) VALUES (:plan, '2026-06-01', "
    "'2026-12-31', '[\"loan\",\"credit_card\"]', '[]', 500000, 0.1, 'active', now(), 1)",
    "INSERT INTO plan_goals (plan_id, metric, comparator, target) SELECT p.id, m, c, t FROM "
    "plans p, (VALUES ('resolution_rate', '>=', 0.3), ('csat', '>=', 4.0), "
    "('escalation_rate', '<=', 0.2)) v(m, c, t) WHERE p.name = :plan",
    "UPDATE cases SET plan_id = (SELECT id FROM plans WHERE name = :plan), "
    "owner_team_id = (SELECT id FROM teams WHERE branch_id = cases.branch_id), "
    "closed_at = CASE WHEN state IN ('resolved', 'litigation', 'closed_unreachable') "
    "THEN timestamp '2026-06-01' + (id % 150) * interval '1 day' END",
    "INSERT INTO visits (case_id, team_id, staff_present, outcome, created_at) "
    "SELECT c.id, c.owner_team_id, '[]', (ARRAY['resolved_fixed','not_at_home','refused',"
    "'repayment_plan'])[1 + c.id % 4], timestamp '2026-06-02' + (c.id % 180) * interval '1 day' "
    "FROM cases c WHERE c.id % 10 < 3",
    "INSERT INTO surveys (case_id, sent_at, answered_at, csat, nps, comment) "
    "SELECT c.id, timestamp '2026-06-03' + (c.id % 180) * interval '1 day', "
    "CASE WHEN c.id % 3 > 0 THEN timestamp '2026-06-04' + (c.id % 180) * interval '1 day' END, "
    "CASE WHEN c.id % 3 > 0 THEN 1 + c.id % 5 END, CASE WHEN c.id % 3 > 0 THEN c.id % 11 END, "
    "CASE WHEN c.id % 30 = 1 THEN '态度还可以，但是问题没有完全解决。' END "
    "FROM cases c WHERE c.id % 10 = 1",
    "INSERT INTO agreements (case_id, kind, total_amount, state, created_at) "
    "SELECT c.id, 'repayment_plan', 3000, (ARRAY['kept','broken','active'])[1 + c.id % 3], "
    "timestamp '2026-07-01' FROM cases c WHERE c.id % 20 = 3",
    "INSERT INTO instalments (agreement_id, due_on, amount, paid_amount, paid_on, state) "
    "SELECT a.id, date '2026-08-01', 1000, 1000, date '2026-08-01' + (a.id % 90)::int, 'paid' "
    "FROM agreements a",
    "INSERT INTO compliance_exceptions (case_id, rule, detail, approver, reason, actor, at) "
    "SELECT c.id, 'quiet_hours', '夜间联系', 'pm', '客户同意', 'user:pm', "
    "timestamp '2026-07-01' FROM cases c WHERE c.id % 200 = 7",
    "INSERT INTO screening_strategies (name, version, rule_set_ids, ranking, created_at, "
    "created_by) VALUES ('基准策略', 1, '[]', '{}', now(), 'bench')",
    "INSERT INTO screening_runs (plan_id, strategy_id, holdout_share, engine, seed, status, "
    "summary, started_at, approved_at, started_by) SELECT p.id, s.id, 0.1, 'duckdb', 7, "
    "'approved', '{}', '2026-06-01', '2026-06-01', 'bench' FROM plans p, screening_strategies s "
    "WHERE p.name = :plan AND s.name = '基准策略'",
    "INSERT INTO screening_selections (run_id, customer_id, business_line, case_type, arm, "
    "outcome_group, risk, expected_benefit, amount_at_stake, matched_rules, reason_codes) "
    "SELECT (SELECT max(id) FROM screening_runs), g, 'loan', 'overdue_debt', "
    "CASE WHEN g % 10 = 0 THEN 'holdout' WHEN g % 10 = 1 THEN 'challenger' ELSE 'champion' END, "
    "CASE WHEN g % 10 = 0 THEN 'holdout' ELSE 'selected' END, 0.5, 1, 1000, '[]', '[]' "
    "FROM generate_series(1, 10000) g",
]


def _existing() -> tuple[int, bool]:
    """(cases, plan prepared) of an existing bench database; (0, False) if there is none."""
    try:
        c = Container.build(Settings(database_url=URL))
        with c.engine.connect() as conn:
            cases = int(conn.execute(text("SELECT count(*) FROM cases")).scalar_one())
            plan = bool(conn.execute(text("SELECT count(*) FROM plans WHERE name = :p"),
                                     {"p": PLAN}).scalar())
        c.engine.dispose()
        return cases, plan
    except Exception:  # noqa: BLE001  (no bench database yet)
        return 0, False


def prepare(n_cases: int, reuse: bool) -> None:
    """Fill the bench database unless ``reuse`` finds it filled (cases and plan)."""
    t0 = time.perf_counter()
    cases, plan = _existing() if reuse else (0, False)
    if cases < n_cases:
        recreate("doorstep_bench")
        fill(URL, n_cases)
        plan = False
    if not plan:
        c = Container.build(Settings(database_url=URL))
        with c.engine.begin() as conn:
            for sql in EVALUATION_SQL:
                conn.execute(text(sql), {"plan": PLAN} if ":plan" in sql else {})
        with c.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        c.engine.dispose()
    _migrate()
    print(f"bench database ready ({n_cases:,} cases) in {time.perf_counter() - t0:.1f} s")


def _migrate() -> None:
    """Bring a reused database to the newest schema (the dashboard's indexes are in 0005)
    and refresh the visibility map and statistics the index-only scans rely on."""
    upgrade(URL)
    c = Container.build(Settings(database_url=URL))
    with c.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in ("cases", "visits", "surveys", "agreements", "instalments",
                      "compliance_exceptions"):
            conn.execute(text(f"VACUUM ANALYZE {table}"))
    c.engine.dispose()


def _plan_id(c: Container) -> int:
    with c.uow(write=False) as uow:
        return int(uow.conn.execute(text("SELECT id FROM plans WHERE name = :p"),
                                    {"p": PLAN}).scalar_one())


def sql_only(runs: int) -> tuple[list[float], int]:
    """The page's live queries (KPIs, two breakdowns, trend) through the service layer."""
    c = Container.build(Settings(database_url=URL))
    who = Principal(user_id=0, username="bench", role=Role.ANALYST, branch_id=None)
    plan_id = _plan_id(c)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        with c.uow(write=False) as uow:
            plan = service.visible_plan(uow, who, plan_id)
            service.dashboard_view(uow, who, plan_id, service.plan_period(plan),
                                   (Dimension.TEAM, Dimension.BUSINESS_LINE))
        times.append(time.perf_counter() - t0)
    c.engine.dispose()
    return times, plan_id


def time_refresh(plan_id: int) -> tuple[float, int]:
    """One run of the snapshot job for the plan: (seconds, snapshots written)."""
    c = Container.build(Settings(database_url=URL))
    who = Principal(user_id=0, username="reports", role=Role.PROGRAMME_MANAGER, branch_id=None)
    t0 = time.perf_counter()
    with c.uow() as uow:
        written = refresh.refresh_plan(uow, who, plan_id)
        uow.commit()
    took = time.perf_counter() - t0
    c.engine.dispose()
    return took, written


def page_times(plan_id: int, runs: int,
               snapshot_minutes: int) -> tuple[list[float], list[float]]:
    """(page, effect fragment) GET times on a real server; ``snapshot_minutes=0``: live."""
    env = dict(os.environ, DOORSTEP_DATABASE_URL=URL,
               DOORSTEP_KPI_SNAPSHOT_MINUTES=str(snapshot_minutes))
    port = 8767
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "doorstep.asgi:app", "--port", str(port),
         "--no-access-log", "--log-level", "warning"], env=env, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if httpx.get(base + "/ready").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=120) as client:
            page = client.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            assert token is not None
            r = client.post("/login", data={"username": "bench", "password": "Bench!2026x",
                                            "next": "/", "csrf_token": token.group(1)})
            assert r.status_code in (200, 303), r.status_code
            shown = client.get(f"/evaluation/plans/{plan_id}").text
            assert ("数据截至" in shown) == (snapshot_minutes > 0), "snapshot not as expected"
            return (_time(client, f"/evaluation/plans/{plan_id}", runs),
                    _time(client, f"/evaluation/plans/{plan_id}/effect", runs))
    finally:
        server.terminate()
        server.wait(10)


def _time(client: httpx.Client, path: str, runs: int) -> list[float]:
    client.get(path)  # warm-up
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(path)
        out.append(time.perf_counter() - t0)
        assert r.status_code == 200, (path, r.status_code)
    return out


def _row(what: str, times: list[float]) -> str:
    return f"| {what} | {statistics.median(times) * 1000:.0f} | {max(times) * 1000:.0f} |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    args = ap.parse_args()
    prepare(args.cases, args.reuse)
    sql, plan_id = sql_only(args.runs)
    job, written = time_refresh(plan_id)
    snap, snap_effect = page_times(plan_id, args.runs, 60)
    live, effect = page_times(plan_id, args.runs, 0)
    med = statistics.median
    lines = [f"# Evaluation dashboard over {args.cases:,} cases in one plan (PostgreSQL)", "",
             f"median of {args.runs} runs after a warm-up; machine shared with other jobs "
             f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)", "",
             "| what | median ms | max ms |", "|---|---|---|",
             _row("(a) GET /evaluation/plans/{id} served from a fresh KPI snapshot", snap),
             _row("(b) GET /evaluation/plans/{id} computed live (baseline)", live),
             _row("(b) live KPI + breakdown + trend queries only (service layer)", sql),
             _row("(a) GET /evaluation/plans/{id}/effect (htmx fragment) from the snapshot",
                  snap_effect),
             _row("(b) GET /evaluation/plans/{id}/effect (htmx fragment) computed live", effect),
             "",
             f"(c) refresh job for the plan: {job:.1f} s for {written} snapshots (whole bank + "
             f"each branch), {job / written:.1f} s per snapshot", "",
             f"live / snapshot page ratio: {med(live) / med(snap):.1f}×; target ≤ 1000 ms "
             f"(page from snapshot): {'met' if med(snap) <= 1.0 else 'NOT met'}; "
             f"live page: {'met' if med(live) <= 1.0 else 'NOT met'}"]
    report = "\n".join(lines)
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "dashboard.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
