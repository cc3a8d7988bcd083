"""Case-study drafts: composition from a closed case, validation and the bands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from doorstep.casebook.model import CaseSource, amount_band, compose, dpd_band, validate
from doorstep.core.errors import ValidationFailed

SOURCE = CaseSource(1, "AJ1", "resolved", "loan_dispute", "loan", Decimal("80000"), 45,
                    "客户对放款时间有异议", ("放款延迟", ""), ("上门解释流程",), ("resolved",))


def test_compose_fills_every_paragraph_and_the_tags_from_the_case() -> None:
    """The draft takes summary, complaints and visit notes, and the case's line, type and bands."""
    d = compose(SOURCE)
    assert d.background == "客户对放款时间有异议" and d.problem == "放款延迟"
    assert d.actions == "上门解释流程" and d.outcome_tag == "resolved"
    assert (d.amount_band, d.dpd_band) == ("5万–20万", "31–90天")
    assert validate(d) is d


def test_validation_names_every_problem() -> None:
    """An empty title and paragraph and an unknown outcome are all reported at once."""
    bad = compose(SOURCE).__class__(**{**compose(SOURCE).__dict__, "title": " ",
                                       "lessons": "", "outcome_tag": "won"})
    with pytest.raises(ValidationFailed) as err:
        validate(bad)
    shown = err.value.detail_in("zh-CN")
    assert "标题不能为空" in shown and "「经验教训」不能为空" in shown
    assert "结果标签「won」无效" in shown


@pytest.mark.parametrize(("amount", "band"), [(Decimal("9999.99"), "<1万"),
                                              (Decimal("10000"), "1万–5万"),
                                              (Decimal("250000"), "20万以上")])
def test_amount_bands(amount: Decimal, band: str) -> None:
    """Amounts fall in bands of ten thousand yuan, lower bound inclusive."""
    assert amount_band(amount) == band


def test_days_past_due_bands() -> None:
    """Days past due use the bank's buckets, upper bound inclusive."""
    assert [dpd_band(d) for d in (0, 30, 31, 181)] == ["未逾期", "1–30天", "31–90天", "180天以上"]
