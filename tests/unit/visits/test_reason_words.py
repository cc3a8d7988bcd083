"""The customer brief shows screening reasons in words, never a raw dict."""

from __future__ import annotations

from doorstep.store.repositories.visits import reason_words


def test_stored_reason_dicts_become_their_words() -> None:
    """{'code': 'dpd', 'text': '逾期'} reads 逾期; a model reason reads its text; text stays."""
    assert reason_words({"code": "dpd", "text": "逾期"}) == "逾期"
    assert reason_words({"feature": "days_past_due", "value": 90.0, "contribution": 0.4,
                         "text": "逾期天数较长（90天）"}) == "逾期天数较长（90天）"
    assert reason_words({"feature": "age"}) == "age"
    assert reason_words("近期投诉") == "近期投诉"
