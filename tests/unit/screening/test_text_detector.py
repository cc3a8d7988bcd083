"""The Chinese dissatisfaction detector: shipped model, validation, training and keywords."""

from __future__ import annotations

from pathlib import Path

import pytest

from doorstep.core.errors import ValidationFailed
from doorstep.screening.text import (
    MODEL_PATH,
    TrainingParams,
    keywords,
    load_corpora,
    load_detector,
    train_detector,
    validate_text,
)

COMPLAINTS = ["等了两个小时还没送到，太差了，再也不点了", "客服态度恶劣，打了三次电话都没人处理",
              "房间又脏又吵，空调也坏了，非常失望"]
PRAISE = ["味道很好，送餐很快，好评！", "房间干净整洁，服务热情周到，下次还来"]


def test_shipped_model_is_small_and_loaded_once() -> None:
    """The packaged model file stays under 5 MB and the loader returns one cached object."""
    assert MODEL_PATH.is_file() and MODEL_PATH.stat().st_size < 5_000_000
    assert load_detector() is load_detector()


def test_shipped_model_reports_its_held_out_quality() -> None:
    """The shipped model's held-out test accuracy and F1 are recorded and at least 0.88."""
    report = load_detector().report
    assert report["seed"] == 7 and report["sizes"]["test"] > 2500
    assert report["test"]["accuracy"] >= 0.88 and report["test"]["f1"] >= 0.88
    assert 0.5 <= report["threshold"] < 1 and report["test_strong"]["precision"] >= 0.9


@pytest.mark.parametrize("text", COMPLAINTS)
def test_obvious_complaints_score_high_and_strong(text: str) -> None:
    """Plain complaints score above 0.9 and carry the strong-dissatisfaction flag."""
    score = load_detector().score(text)
    assert score.dissatisfaction > 0.9 and score.strong_dissatisfaction


@pytest.mark.parametrize("text", PRAISE)
def test_praise_scores_low(text: str) -> None:
    """Praise scores below 0.2 and is never flagged."""
    score = load_detector().score(text)
    assert score.dissatisfaction < 0.2 and not score.strong_dissatisfaction


def test_full_width_and_half_width_text_score_alike() -> None:
    """NFKC normalisation makes full-width punctuation and letters score like half-width."""
    detector = load_detector()
    assert detector.score("ＡＰＰ太差了！") == detector.score("app太差了!")


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"), ("   \n\t", "empty"), ("！！！。。123", "no words"), ("😡😡", "no words"),
    (None, "must be a string"),
])
def test_empty_or_wordless_text_is_refused_with_a_message(text: object, words: str) -> None:
    """Empty, blank, punctuation/digit/emoji-only and non-string input raise ValidationFailed."""
    with pytest.raises(ValidationFailed, match=words):
        validate_text(text)
    with pytest.raises(ValidationFailed, match=words):
        load_detector().score(text)  # type: ignore[arg-type]


def test_batch_scoring_names_the_bad_text() -> None:
    """In a batch, the error names the position of the first bad text."""
    with pytest.raises(ValidationFailed, match="text 2"):
        load_detector().score_many([COMPLAINTS[0], "…"])
    assert load_detector().score_many([]) == []


def test_keywords_are_deterministic_and_skip_filler() -> None:
    """Keywords put the shared complaint theme first, skip single characters, and repeat exactly."""
    texts = ["送餐太慢了，送餐员态度差", "送餐很慢，饭都凉了", "送餐慢，客服不理人", "", "！！"]
    first = keywords(texts, top_k=3)
    assert first == keywords(texts, top_k=3)
    assert first[0][0] == "送餐" and all(len(word) > 1 for word, _ in first)
    with pytest.raises(ValidationFailed):
        keywords(texts, top_k=0)


def test_training_cleans_the_corpus_and_is_reproducible(review_corpus: Path) -> None:
    """Training drops empty, duplicate and conflicting rows; the same seed gives the same model."""
    data, dropped = load_corpora(review_corpus)
    assert dropped == {"empty": 1, "conflicting": 2, "duplicates": 1} and len(data) == 100
    params = TrainingParams(min_df=1, target_precision=0.8)
    first = train_detector(data, params, seed=3, dropped=dropped)
    again = train_detector(data, params, seed=3, dropped=dropped)
    assert first.report == again.report and first.report["sizes"]["test"] == 15
    assert first.score("饺子太慢了").dissatisfaction > 0.5
    assert first.score("饺子送得快").dissatisfaction < 0.5
    first.save(review_corpus / "model.joblib")
    assert load_detector(review_corpus / "model.joblib").threshold == first.threshold


def test_training_refuses_a_folder_without_reviews(tmp_path: Path) -> None:
    """A folder without label,review CSVs is refused with a message naming it."""
    with pytest.raises(ValidationFailed, match="no label,review CSV"):
        load_corpora(tmp_path)
    with pytest.raises(ValidationFailed):
        TrainingParams(target_precision=1.5)
