"""Training rules: pass marks, certificate expiry, session checks and recommendations."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from doorstep.core.errors import ValidationFailed
from doorstep.evaluation.improvement.recommend import TrainingNeed
from doorstep.training.model import (
    Course,
    SessionDraft,
    add_months,
    certificate_expiry,
    passes,
    validate_score,
    validate_session,
)
from doorstep.training.recommend import courses_for, recommend, weaknesses_of

COMM = Course(1, "T-CM01", "沟通技巧", "communication", "", 6, 60, None, 0)
PSY = Course(2, "T-PS01", "客户心理", "psychology", "", 4, 60, None, 0)
LEGAL = Course(3, "T-LG01", "法律知识", "legal", "", 12, 70, "legal_professional", 24)
COMPLY = Course(4, "T-CP01", "合规外访", "compliance", "", 6, 80, "visit_compliance", 12)


def test_pass_mark_is_inclusive() -> None:
    """A score equal to the pass mark passes; one point under fails."""
    assert passes(70, LEGAL) and not passes(69, LEGAL)


def test_scores_outside_0_to_100_are_refused() -> None:
    """Only scores on the 0–100 scale are accepted."""
    assert validate_score(0) == 0 and validate_score(100) == 100
    with pytest.raises(ValidationFailed):
        validate_score(101)


def test_certificate_lasts_its_validity_months_clamped_to_month_end() -> None:
    """Expiry is the same day N months later, or that month's last day."""
    assert certificate_expiry(date(2026, 11, 2), LEGAL) == date(2028, 11, 2)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert certificate_expiry(date(2026, 11, 2), COMM) is None


def test_session_needs_trainer_place_and_sensible_capacity() -> None:
    """A session without trainer or place, or with capacity 0, names every problem."""
    with pytest.raises(ValidationFailed) as err:
        validate_session(SessionDraft(1, datetime(2026, 11, 2, 9), "", " ", 0))
    assert err.value.detail_in("zh-CN").count("；") == 2


def test_reasons_map_to_courses_in_category_order() -> None:
    """Low satisfaction → communication then psychology; exceptions → compliance then legal."""
    courses = [LEGAL, PSY, COMPLY, COMM]
    assert courses_for("low_satisfaction", courses) == (COMM, PSY)
    assert courses_for("compliance_exception", courses) == (COMPLY, LEGAL)


def test_evaluation_needs_become_one_recommendation_per_reason() -> None:
    """A staff member with both weaknesses gets two recommendations, each with its courses."""
    need = TrainingNeed(7, "周明", ("客户满意度偏低：2.80（4 份问卷）", "合规例外 2 次"), True, 2)
    recs = recommend(weaknesses_of([need]), [COMM, COMPLY])
    assert [(r.weakness.reason, r.courses) for r in recs] == [
        ("low_satisfaction", (COMM,)), ("compliance_exception", (COMPLY,))]
    assert recs[0].weakness.detail.startswith("客户满意度偏低")
