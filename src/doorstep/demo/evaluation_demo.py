"""What the evaluation pages need from the demo bank: an approved screening run per plan
with champion / challenger arms and a random unvisited holdout whose outcomes (regulator
complaints, accounts cured or rolling after the run — ``effect_demo`` — repayments) can be
compared with the visited customers'; and
dissatisfaction scores on the survey comments."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta
from random import Random
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, func, insert, select, update

from doorstep.demo.context import DemoConfig, IdSequence, to_utc
from doorstep.demo.effect_demo import apply_outcomes
from doorstep.store import tables as t
from doorstep.store.tables_screening import screening_runs, screening_selections, strategies

CHALLENGER_SHARE = 0.2
MIN_HOLDOUT = 40
REGULATOR_TEXTS = ("银行一直打电话催款，我要向监管部门反映。",
                   "对银行的处理方式不满意，已向金融监管局投诉。",
                   "逾期后没有人跟我沟通还款方案，直接说要起诉。")


class Inserter(Protocol):
    conn: Connection

    def insert(self, table: Any, rows: Any) -> None: ...


def _strategy(conn: Connection, name: str, now: datetime) -> int:
    key = conn.execute(insert(strategies).values(
        name=name, version=1, rule_set_ids=[], ranking={"budget": "expected_benefit"},
        created_at=now, created_by="analyst")).inserted_primary_key
    assert key is not None
    return int(key[0])


def add_evaluation(loader: Inserter, cfg: DemoConfig, ids: IdSequence) -> None:
    """Screening runs with holdouts for every plan with cases, then comment scores."""
    conn, rng = loader.conn, cfg.rng("evaluation")
    now = to_utc(cfg.now_local)
    champion = _strategy(conn, "冠军策略（规则 + 模型）", now)
    challenger = _strategy(conn, "挑战者策略（提升模型）", now)
    for plan in conn.execute(select(t.plans)).all():
        _plan_run(loader, cfg, ids, rng, plan, (champion, challenger))
    score_comments(conn)


def _plan_run(loader: Inserter, cfg: DemoConfig, ids: IdSequence, rng: Random, plan: Any,
              strategy_ids: tuple[int, int]) -> None:
    conn = loader.conn
    visited = {r.customer_id: r for r in conn.execute(
        select(t.cases).where(t.cases.c.plan_id == plan.id).order_by(t.cases.c.id))}
    if not visited:
        return
    start = to_utc(datetime.combine(plan.period_start, time(9)))
    key = conn.execute(insert(screening_runs).values(
        plan_id=plan.id, strategy_id=strategy_ids[0], challenger_strategy_id=strategy_ids[1],
        challenger_share=CHALLENGER_SHARE, holdout_share=plan.holdout_share, engine="duckdb",
        seed=cfg.seed, status="approved", summary={"demo": True}, started_at=start,
        finished_at=start, started_by="analyst", approved_by="manager",
        approved_at=start)).inserted_primary_key
    assert key is not None
    run_id = int(key[0])
    share = plan.holdout_share
    wanted = max(MIN_HOLDOUT, round(len(visited) * share / (1 - share)))
    held = _stratified(conn, plan, rng, set(visited), wanted)
    stake = apply_outcomes(conn, rng, plan.period_start, set(visited),
                           {a.customer_id for a in held}, tuple(plan.business_lines), cfg.as_of)
    rows = [_selection(run_id, c.customer_id, c.account_id, c.business_line, c.case_type,
                       "challenger" if rng.random() < CHALLENGER_SHARE else "champion",
                       "selected", stake.get(c.customer_id, float(c.amount_at_stake)), c.id)
            for c in visited.values()]
    for acc in held:
        rows.append(_selection(run_id, acc.customer_id, acc.id, acc.business_line,
                               "overdue_debt" if acc.days_past_due else "service_complaint",
                               "holdout", "holdout",
                               stake.get(acc.customer_id, float(acc.overdue_amount)), None))
        _holdout_outcome(loader, cfg, ids, rng, acc, start)
    loader.insert(screening_selections, rows)


def _selection(run_id: int, customer_id: int, account_id: int | None, line: str,
               case_type: str, arm: str, group: str, amount: float,
               case_id: int | None) -> dict[str, Any]:
    return {"run_id": run_id, "customer_id": customer_id, "account_id": account_id,
            "business_line": line, "case_type": case_type, "arm": arm, "outcome_group": group,
            "rank": None, "risk": 0.5, "uplift": None, "expected_benefit": amount * 0.1,
            "amount_at_stake": amount, "matched_rules": ["逾期客户"],
            "reason_codes": [{"feature": "days_past_due", "value": None, "contribution": 0.0,
                              "text": "逾期", "increases_risk": True}], "case_id": case_id}


def _holdout_pool(conn: Connection, plan: Any, rng: Random) -> list[Any]:
    """Accounts in the plan's lines and branches whose customer has no case (one per
    customer, shuffled): the customers a holdout is drawn from."""
    with_case = select(t.cases.c.customer_id)
    stmt = (select(t.accounts.c.id, t.accounts.c.customer_id, t.accounts.c.business_line,
                   t.accounts.c.days_past_due, t.accounts.c.overdue_amount,
                   t.customers.c.branch_id)
            .join(t.customers, t.customers.c.id == t.accounts.c.customer_id)
            .where(t.accounts.c.business_line.in_(list(plan.business_lines)),
                   t.accounts.c.customer_id.not_in(with_case))
            .order_by(t.accounts.c.id))
    if plan.branch_ids:
        stmt = stmt.where(t.customers.c.branch_id.in_(list(plan.branch_ids)))
    seen: set[int] = set()
    pool = []
    for row in conn.execute(stmt):
        if row.customer_id not in seen:
            seen.add(row.customer_id)
            pool.append(row)
    rng.shuffle(pool)
    return pool


def _baseline(conn: Connection, plan: Any) -> dict[int, int]:
    """Each customer's delinquency bucket (0 current, 1, 2, 3 = M3+) in the month before the
    plan's run, over their accounts in the plan's lines."""
    month = (plan.period_start - timedelta(days=1)).replace(day=1)
    worst = func.max(t.repayments.c.days_past_due)
    rows = conn.execute(
        select(t.accounts.c.customer_id, worst)
        .join(t.repayments, t.repayments.c.account_id == t.accounts.c.id)
        .where(t.repayments.c.month == month,
               t.accounts.c.business_line.in_(list(plan.business_lines)))
        .group_by(t.accounts.c.customer_id))
    return {int(c): min(3, (int(d or 0) + 29) // 30) for c, d in rows}


def _stratified(conn: Connection, plan: Any, rng: Random, visited: set[int],
                wanted: int) -> list[Any]:
    """The holdout: customers without a case drawn at random within the delinquency bucket
    they were in before the run, in the visited customers' proportions (so both arms are
    alike before the run, as a randomised draw makes them)."""
    buckets = _baseline(conn, plan)
    mix = Counter(buckets.get(c, 0) for c in visited)
    pool = _holdout_pool(conn, plan, rng)
    held: list[Any] = []
    for bucket, n in sorted(mix.items()):
        share = round(wanted * n / max(1, len(visited)))
        held += [a for a in pool if buckets.get(a.customer_id, 0) == bucket][:share]
    return held


def _holdout_outcome(loader: Inserter, cfg: DemoConfig, ids: IdSequence, rng: Random,
                     acc: Any, start: datetime) -> None:
    """Unvisited customers escalate more often: some complain to the regulator."""
    span = max(1, int((to_utc(cfg.now_local) - start).total_seconds() // 86400) - 1)
    at = start + timedelta(days=rng.randint(1, span), hours=rng.randint(0, 8))
    if rng.random() < 0.22:
        loader.insert(t.complaints, [{
            "id": ids.take("complaints"), "customer_id": acc.customer_id,
            "account_id": acc.id, "branch_id": acc.branch_id, "channel": "regulator",
            "category": "催收方式", "text": rng.choice(REGULATOR_TEXTS), "dissatisfaction": None,
            "strong_dissatisfaction": None, "severity": 4, "received_at": at,
            "closed_at": None}])


def score_comments(conn: Connection, chunk: int = 2000) -> int:
    """Store the text detector's dissatisfaction score on every unscored survey comment."""
    from doorstep.screening.text import load_detector

    rows = conn.execute(select(t.surveys.c.id, t.surveys.c.comment).where(
        t.surveys.c.comment.is_not(None), t.surveys.c.dissatisfaction.is_(None))).all()
    if not rows:
        return 0
    detector = load_detector()
    stmt = (update(t.surveys).where(t.surveys.c.id == bindparam("sid"))
            .values(dissatisfaction=bindparam("score")))
    for i in range(0, len(rows), chunk):
        part = rows[i:i + chunk]
        scores = detector.score_many([str(r.comment) for r in part])
        conn.execute(stmt, [{"sid": r.id, "score": s.dissatisfaction}
                            for r, s in zip(part, scores, strict=True)])
    return len(rows)
