"""Values as bank exports write them: dates, amounts, full-width digits, ids, mobiles."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from doorstep.intake import parse
from doorstep.intake.validate import mobile, national_id_check_digit, national_id_problem


@pytest.mark.parametrize("text", ["2026-11-28", "20261128", "2026/11/28", "2026年11月28日",
                                  "２０２６-１１-２８", 46354, 46354.0, "46354",
                                  datetime(2026, 11, 28, 9, 30)])
def test_every_date_spelling_reads_as_the_same_day(text: object) -> None:
    """ISO, compact, slashed, Chinese, full-width and Excel-serial dates are one day."""
    assert parse.parse_date(text) == date(2026, 11, 28)


def test_cfpb_unpadded_dates_and_months_read() -> None:
    """An unpadded 2020/3/18 and a bare month 2005-09 (its first day) are read."""
    assert parse.parse_date("2020/3/18") == date(2020, 3, 18)
    assert parse.parse_date("2005-09") == date(2005, 9, 1)


@pytest.mark.parametrize("text", ["2026-13-01", "next week", "20261340", ""])
def test_impossible_dates_are_refused(text: str) -> None:
    """A date that does not exist is an error, not a guess."""
    with pytest.raises(ValueError, match="intake.bad_date"):
        parse.parse_date(text)


@pytest.mark.parametrize(("text", "amount"), [
    ("1,234.5元", "1234.50"), ("１２３４", "1234.00"), ("¥1,234.50", "1234.50"),
    ("12.5万元", "125000.00"), ("3万", "30000.00"), ("￥ 88", "88.00"), (99.999, "100.00")])
def test_amounts_in_bank_spellings(text: object, amount: str) -> None:
    """Yuan signs, thousands separators, 元/万元 and full-width digits are read exactly."""
    assert parse.parse_amount(text) == Decimal(amount)


def test_bad_amount_is_refused() -> None:
    """A word where an amount should be is an error."""
    with pytest.raises(ValueError, match="intake.bad_amount"):
        parse.parse_amount("一千")


def test_national_id_check_digit_follows_gb11643() -> None:
    """The GB 11643 check character of a known id is computed, and a wrong one is named."""
    assert national_id_check_digit("11010519491231002") == "X"
    assert national_id_problem("11010519491231002X") is None
    assert national_id_problem("110105194912310021") == "intake.national_id_check"
    assert national_id_problem("110105194913310021") == "intake.national_id_birth"
    assert national_id_problem("1101051949") == "intake.national_id_format"


def test_mobile_numbers_lose_their_country_code() -> None:
    """+86 and blanks are dropped; a landline or short number is refused."""
    assert mobile("+86 138-1234-5678") == "13812345678"
    with pytest.raises(ValueError, match="intake.bad_mobile"):
        mobile("0755-12345678")


def test_exported_formula_escape_is_undone_on_import() -> None:
    """A cell exported as '=... comes back as =... (round trip), other text is untouched."""
    assert parse.parse_text("'=HYPERLINK(1)") == "=HYPERLINK(1)"
    assert parse.parse_text("O'Brien") == "O'Brien"
