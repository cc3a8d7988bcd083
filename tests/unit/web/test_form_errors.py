"""Errors of the plan form and of the screening, improvement, legal and training pages read in
the user's language: the Chinese the pages showed before, and English without CJK."""

from __future__ import annotations

import re

import pytest
from starlette.datastructures import FormData

from doorstep.core.errors import DoorstepError
from doorstep.web import improvement_pages, legal_pages, screening_pages, training_pages
from doorstep.web.plan_forms import draft_from_form

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]")


def _plan_form(**fields: str) -> FormData:
    base = {"name": "Q4", "period_start": "2026-10-01", "period_end": "2026-12-31",
            "branch_ids": "", "visit_budget": "100", "holdout_share": "0.1"}
    return FormData(list({**base, **fields}.items()))


def _error(call: object, *args: object) -> DoorstepError:
    with pytest.raises(DoorstepError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


@pytest.mark.parametrize(("fields", "chinese"), [
    ({"period_start": "10/01"}, "开始日期格式应为 YYYY-MM-DD"),
    ({"period_end": "x"}, "结束日期格式应为 YYYY-MM-DD"),
    ({"visit_budget": "many"}, "上门预算须为数字"),
    ({"holdout_share": "a tenth"}, "对照组比例须为数字"),
    ({"branch_ids": "1，x"}, "网点编号须为数字，以逗号分隔"),
])
def test_plan_form_errors_read_in_both_languages(fields: dict[str, str], chinese: str) -> None:
    error = _error(draft_from_form, _plan_form(**fields), lambda name: None)
    assert chinese in error.message_in("zh-CN")
    english = error.message_in("en")
    assert english.startswith("Invalid input: ") and not CJK.search(english)


def test_full_width_commas_and_digits_separate_branch_ids() -> None:
    draft = draft_from_form(_plan_form(branch_ids="1，２, 3"), lambda name: None)
    assert draft.branch_ids == (1, 2, 3)


@pytest.mark.parametrize(("call", "args"), [
    (screening_pages._date, ("2026/11/02",)),
    (improvement_pages._end, ("yesterday", None)),
    (training_pages._int, ({"capacity": "twenty"}, "capacity")),
    (legal_pages._int, ({"days": "15.5"}, "days")),
    (legal_pages._reason, ("bored",)),
])
def test_page_input_errors_have_no_chinese_in_english(call: object, args: tuple[object, ...]
                                                      ) -> None:
    error = _error(call, *args)
    assert CJK.search(error.message_in("zh-CN"))
    assert not CJK.search(error.message_in("en"))
