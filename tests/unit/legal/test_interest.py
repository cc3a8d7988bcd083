"""Simple interest for the case file: amount × annual rate × days / 360, half-up to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from doorstep.legal.interest import interest_table, simple_interest


def test_simple_interest_on_a_360_day_basis() -> None:
    """¥12,000 at 4.35% for 90 days is ¥130.50 (12000 × 0.0435 × 90 / 360)."""
    assert simple_interest(Decimal("12000"), Decimal("0.0435"), 90) == Decimal("130.50")


def test_interest_rounds_half_up_to_the_fen() -> None:
    """Interest is rounded half-up to two decimals."""
    assert simple_interest(Decimal("100"), Decimal("0.0365"), 1) == Decimal("0.01")
    assert simple_interest(Decimal("1000"), Decimal("0.05"), 0) == Decimal("0.00")


def test_negative_inputs_are_refused() -> None:
    """A negative amount, rate or day count is a programming error."""
    with pytest.raises(ValueError):
        simple_interest(Decimal("-1"), Decimal("0.05"), 10)


def test_table_sums_lines_and_skips_zero_amounts() -> None:
    """The table has one line per overdue account, totals, and the claim (principal + interest)."""
    t = interest_table([("卡A", Decimal("12000"), 90), ("卡B", Decimal("0"), 0),
                        ("贷C", Decimal("3600"), 30)], Decimal("0.0435"))
    assert [ln.label for ln in t.lines] == ["卡A", "贷C"]
    assert t.lines[1].interest == Decimal("13.05")
    assert t.overdue_total == Decimal("15600") and t.interest_total == Decimal("143.55")
    assert t.claim_total == Decimal("15743.55")
    assert t.lines[0].total == Decimal("12130.50")
