"""Search text preparation and similar-case scoring (pure)."""

from __future__ import annotations

import pytest

from doorstep.casebook.search_text import fts5_match, index_text, query_terms
from doorstep.casebook.similar import Profile, similar
from doorstep.core.errors import ValidationFailed


def test_index_text_holds_search_words_space_separated() -> None:
    """Long words are indexed with their parts, so a part finds them; stop words are dropped."""
    words = index_text(["贷款流程的解释"]).split()
    assert "贷款" in words and "流程" in words and "的" not in words


def test_query_terms_are_distinct_and_a_wordless_query_is_refused() -> None:
    """A query becomes its distinct words; punctuation alone is a validation error."""
    assert query_terms("贷款 贷款 流程") == ["贷款", "流程"]
    with pytest.raises(ValidationFailed):
        query_terms("，。！")


def test_fts5_expression_quotes_every_term() -> None:
    """Each term is quoted (quotes doubled), so FTS5 operators in input are inert."""
    assert fts5_match(['贷款', 'a"b']) == '"贷款" "a""b"'


def _p(key: int, words: str, line: str = "loan", kind: str = "loan_dispute") -> Profile:
    return Profile(key, tuple(words.split()), line, kind, "1万–5万", "未逾期")


def test_text_and_facts_together_rank_the_closest_study_first() -> None:
    """Shared words plus the same line and type beat the same facts without shared words."""
    target = _p(0, "贷款 流程 不 透明 放款 延迟")
    found = similar(target, [_p(1, "信用卡 分期 还款", "credit_card", "overdue_debt"),
                             _p(2, "贷款 流程 解释 放款"), _p(3, "利率 计算")])
    assert [m.key for m in found] == [2, 3, 1]
    assert found[0].text_score > 0 and "同一案件类型" in found[0].reasons


def test_nothing_in_common_is_not_suggested_and_top_is_validated() -> None:
    """A candidate sharing no word and no fact scores under the minimum; top < 1 is refused."""
    target = Profile(0, ("贷款",), "loan", "loan_dispute", "<1万", "未逾期")
    other = Profile(1, ("保险",), "insurance", "insurance_dispute", "20万以上", "180天以上")
    assert similar(target, [other]) == []
    with pytest.raises(ValueError):
        similar(target, [other], top=0)
