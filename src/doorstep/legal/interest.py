"""Simple interest on overdue amounts for the case file: amount × annual rate × days / 360.

Chinese banks quote a daily rate as the annual rate divided by 360; amounts are rounded
half-up to the fen. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DAY_BASIS = 360
CENT = Decimal("0.01")
DEFAULT_ANNUAL_RATE = Decimal("0.0435")


@dataclass(frozen=True)
class InterestLine:
    label: str
    overdue_amount: Decimal
    annual_rate: Decimal
    days: int
    daily_rate: Decimal
    interest: Decimal

    @property
    def total(self) -> Decimal:
        return self.overdue_amount + self.interest


@dataclass(frozen=True)
class InterestTable:
    lines: tuple[InterestLine, ...]
    overdue_total: Decimal
    interest_total: Decimal

    @property
    def claim_total(self) -> Decimal:
        return self.overdue_total + self.interest_total


def simple_interest(amount: Decimal, annual_rate: Decimal, days: int) -> Decimal:
    """Interest on ``amount`` for ``days`` days at ``annual_rate`` (0.0435 = 4.35%)."""
    if amount < 0 or annual_rate < 0 or days < 0:
        raise ValueError("amount, rate and days must not be negative")
    return (amount * annual_rate * days / DAY_BASIS).quantize(CENT, rounding=ROUND_HALF_UP)


def interest_table(items: list[tuple[str, Decimal, int]],
                   annual_rate: Decimal = DEFAULT_ANNUAL_RATE) -> InterestTable:
    """One line per (label, overdue amount, days past due), with totals."""
    daily = (annual_rate / DAY_BASIS).quantize(Decimal("0.0000001"), rounding=ROUND_HALF_UP)
    lines = tuple(InterestLine(label, amount, annual_rate, days, daily,
                               simple_interest(amount, annual_rate, days))
                  for label, amount, days in items if amount > 0)
    return InterestTable(lines, sum((ln.overdue_amount for ln in lines), Decimal("0")),
                         sum((ln.interest for ln in lines), Decimal("0")))
