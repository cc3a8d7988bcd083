"""Twelve months of repayment history with realistic delinquency patterns.

A lending account follows one pattern: ``current`` (always paid), ``late`` (paid a few days
late now and then), ``rolling`` (stops paying and rolls M1 → M2 → M3 …), ``cured`` (fell
behind, then paid the arrears), or ``broken`` (promises to pay, pays part, falls behind).
Arrears are the unpaid part of what was due, so at the end
``overdue_amount == Σ amount_due − Σ amount_paid`` and ``days_past_due`` is the last month's
figure whenever arrears remain (0 otherwise).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from random import Random

from doorstep.demo.sampling import pick_weighted

MONTHS = 12
PATTERNS = ("current", "late", "rolling", "cured", "broken")


#: (month, amount_due, amount_paid, days_past_due, promise_broken)
MonthRow = tuple[date, float, float, int, bool]


@dataclass(frozen=True, slots=True)
class History:
    months: list[MonthRow]
    pattern: str
    days_past_due: int
    overdue_amount: float
    broken_promises: int


def history_months(as_of: date) -> list[date]:
    """First days of the twelve months up to and including the month of ``as_of``."""
    out: list[date] = []
    year, month = as_of.year, as_of.month
    for _ in range(MONTHS):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def pick_pattern(rng: Random, stress: float) -> str:
    """Stressed customers fall behind more often; most accounts stay current."""
    weights = {"late": 0.05 + 0.2 * stress, "rolling": 0.012 + 0.42 * stress,
               "cured": 0.02 + 0.15 * stress, "broken": 0.008 + 0.24 * stress}
    weights = {"current": max(0.05, 1.0 - sum(weights.values())), **weights}
    return pick_weighted(rng, weights)


def _paid(rng: Random, pattern: str, m: int, start: int, length: int, due: float,
          arrears: float) -> tuple[float, bool]:
    """What was paid in month ``m`` and whether a promise to pay was broken."""
    if pattern == "rolling" and m >= start:
        partial = m == start and rng.random() < 0.35
        return (round(due * rng.uniform(0.1, 0.4), 2) if partial else 0.0), False
    if pattern == "cured" and start <= m < start + length:
        return 0.0, False
    if pattern == "cured" and m == start + length:
        return round(due + arrears, 2), False
    if pattern == "broken" and m >= start:
        if rng.random() < 0.6:
            return round(due * rng.uniform(0.05, 0.5), 2), True
        return round(due * rng.uniform(0.6, 1.0), 2), False
    return due, False


def _trouble_window(rng: Random, pattern: str) -> tuple[int, int]:
    if pattern == "rolling":
        return MONTHS - rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8)), 0
    if pattern == "cured":
        length = rng.randint(1, 3)
        return rng.randint(0, MONTHS - 1 - length), length
    if pattern == "broken":
        return MONTHS - rng.randint(3, 8), 0
    return MONTHS, 0


def simulate(rng: Random, pattern: str, due: float, months: list[date]) -> History:
    """Walk the months, carrying arrears; days past due follow the months behind."""
    if pattern == "current":
        return History([(month, due, due, 0, False) for month in months], pattern, 0, 0.0, 0)
    start, length = _trouble_window(rng, pattern)
    late = set(rng.sample(range(MONTHS), rng.randint(1, 2))) if pattern == "late" else set()
    grace = rng.randint(3, 25)
    arrears, dpd = 0.0, 0
    rows: list[MonthRow] = []
    for m, month in enumerate(months):
        paid, broken = _paid(rng, pattern, m, start, length, due, arrears)
        cured_now = arrears > 0 and paid >= due + arrears - 0.005
        arrears = round(max(0.0, arrears + due - paid), 2)
        if arrears > 0:
            dpd = 30 * (math.ceil(arrears / due - 1e-9) - 1) + grace
        elif cured_now:
            dpd = dpd + 30
        else:
            dpd = rng.randint(3, 25) if m in late else 0
        rows.append((month, due, paid, dpd, broken))
        if cured_now:
            dpd = 0
    final_dpd = rows[-1][3] if arrears > 0 else 0
    return History(rows, pattern, final_dpd, arrears, sum(r[4] for r in rows))


def bucket(days_past_due: int) -> int:
    """The delinquency bucket: 0 current, 1 for M1 (1–30 days) … capped at 7 (M7+)."""
    return 0 if days_past_due <= 0 else min(7, (days_past_due + 29) // 30)
