"""The demo's visits have an effect the evaluation can find: after each demo run, the
overdue accounts of its customers follow a known process.

A customer overdue at the run cures (pays the arrears within the run's month or the next)
with a base chance that falls with their delinquency bucket, plus — only if the run drew
them for a visit — an uplift that is larger for early buckets and smaller arrears (so a
per-customer uplift model has something to learn); otherwise they keep rolling. A customer
current at the run falls behind with the same chance in either arm. (The demo's case
stories were written from each customer's state at the demo date; rewriting what follows
the run keeps both arms under one known process, which the evaluation must recover.) The
repayment rows after the run month are rewritten and the account's arrears and days past
due recomputed, so ``overdue_amount == Σ due − Σ paid`` still holds.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from random import Random
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from doorstep.store import tables as t

BASE_CURE = {1: 0.30, 2: 0.15}
FALL_BEHIND = 0.15
SMALL_ARREARS = 10_000.0


def true_uplift(bucket: int, arrears: float) -> float:
    """The demo's true effect of a visit on the chance to cure."""
    if bucket <= 2:
        return 0.40 if arrears < SMALL_ARREARS else 0.20
    return 0.05


def _bucket(dpd: int) -> int:
    return 0 if dpd <= 0 else min(7, (dpd + 29) // 30)


def apply_outcomes(conn: Connection, rng: Random, run_day: date, visited: set[int],
                   held: set[int], lines: tuple[str, ...], as_of: date) -> dict[int, float]:
    """Rewrite the post-run months of the run's customers; each customer's arrears at the
    run (the amount at stake a screening run would have seen)."""
    start = run_day.replace(day=1)
    if start > as_of:
        return {}
    acc = t.accounts.c
    accounts = conn.execute(select(acc.id, acc.customer_id).where(
        acc.customer_id.in_(sorted(visited | held)), acc.business_line.in_(list(lines)))).all()
    owner = {int(a.id): int(a.customer_id) for a in accounts}
    months: dict[int, list[Any]] = defaultdict(list)
    r = t.repayments.c
    for row in conn.execute(select(r.id, r.account_id, r.month, r.amount_due, r.amount_paid,
                                   r.days_past_due).where(r.account_id.in_(list(owner)))
                            .order_by(r.account_id, r.month)):
        months[int(row.account_id)].append(row)
    changes: list[dict[str, Any]] = []
    accounts_out: list[dict[str, Any]] = []
    at_stake: dict[int, float] = defaultdict(float)
    for account_id, rows in months.items():
        before = [x for x in rows if x.month < start]
        after = [x for x in rows if x.month >= start]
        if not before or not after:
            continue
        at_stake[owner[account_id]] += float(sum(x.amount_due - x.amount_paid for x in before))
        if before[-1].days_past_due <= 0:
            changes += _current(rng, after, accounts_out, account_id)
            continue
        arrears = float(sum(x.amount_due - x.amount_paid for x in before))
        bucket = _bucket(int(before[-1].days_past_due))
        chance = BASE_CURE.get(bucket, 0.05)
        if owner[account_id] in visited:
            chance += true_uplift(bucket, arrears)
        cure_at = rng.randint(0, 1) if rng.random() < min(chance, 0.95) else None
        dpd = int(before[-1].days_past_due)
        for k, x in enumerate(after):
            due = float(x.amount_due)
            if cure_at is not None and k == cure_at:
                paid, dpd, arrears = round(due + arrears, 2), 0, 0.0
            elif cure_at is not None and k > cure_at:
                paid, dpd = due, 0
            else:
                paid, arrears, dpd = 0.0, round(arrears + due, 2), dpd + 30
            changes.append({"rid": x.id, "paid": paid, "dpd": dpd})
        accounts_out.append({"aid": account_id, "owed": round(arrears, 2),
                             "late": dpd if arrears > 0 else 0})
    if changes:
        conn.execute(update(t.repayments).where(r.id == bindparam("rid")).values(
            amount_paid=bindparam("paid"), days_past_due=bindparam("dpd")), changes)
        conn.execute(update(t.accounts).where(acc.id == bindparam("aid")).values(
            overdue_amount=bindparam("owed"), days_past_due=bindparam("late")), accounts_out)
    return {c: round(v, 2) for c, v in at_stake.items()}


def _current(rng: Random, after: list[Any], accounts_out: list[dict[str, Any]],
             account_id: int) -> list[dict[str, Any]]:
    """A customer current at the run falls behind (and keeps rolling) with chance
    ``FALL_BEHIND`` from a random month after it, in either arm; otherwise stays current."""
    falls = rng.randrange(len(after)) if rng.random() < FALL_BEHIND else None
    arrears, dpd, out = 0.0, 0, []
    for k, x in enumerate(after):
        due = float(x.amount_due)
        if falls is not None and k >= falls:
            arrears, dpd = round(arrears + due, 2), (15 if k == falls else dpd + 30)
            out.append({"rid": x.id, "paid": 0.0, "dpd": dpd})
        else:
            out.append({"rid": x.id, "paid": due, "dpd": 0})
    accounts_out.append({"aid": account_id, "owed": arrears, "late": dpd if arrears else 0})
    return out
