"""Errors and labels of visits, casebook, training, evaluation and intake read in English when
English is chosen, and in the same Chinese as before by default (issue 14)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from doorstep.casebook.anonymise import Finding
from doorstep.casebook.model import CaseSource, compose, validate
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import label_in, using_language
from doorstep.evaluation.kpis import KPI_LABELS
from doorstep.evaluation.model import Period
from doorstep.jobs.kinds import _need
from doorstep.legal.model import MEDIATION_STATE_LABELS, MediationState
from doorstep.training.model import SessionDraft, validate_score, validate_session
from doorstep.visits.evidence.sniff import sniff
from doorstep.visits.records.rules import check_times

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff60]")
NOW = datetime(2026, 12, 3, 10, 0)
SOURCE = CaseSource(1, "AJ1", "resolved", "loan_dispute", "loan", Decimal("80000"), 45,
                    "summary", (), (), ("resolved",))


def _bad_study() -> None:
    draft = compose(SOURCE)
    validate(draft.__class__(**{**draft.__dict__, "title": " ", "lessons": ""}))


def _bad_session() -> None:
    validate_session(SessionDraft(course_id=1, starts_at=NOW, trainer=" ", place="P",
                                  capacity=0))


RAISERS: dict[str, tuple[Callable[[], object], str]] = {
    "visit times": (lambda: check_times(NOW, NOW - timedelta(hours=1), NOW),
                    "签退时间不能早于签到时间"),
    "empty evidence": (lambda: sniff("a.jpg", b"", 1024), "文件「a.jpg」为空"),
    "case study": (_bad_study, "案例标题不能为空"),
    "score": (lambda: validate_score(101), "考核成绩须在 0 至 100 之间（收到 101）"),
    "session": (_bad_session, "请填写培训讲师"),
    "job parameter": (lambda: _need({}, "file"), "缺少参数：file"),
}


@pytest.mark.parametrize("name", sorted(RAISERS))
def test_errors_read_in_english_when_english_is_chosen(name: str) -> None:
    """The whole message in English has no CJK character; in Chinese it keeps today's words."""
    raise_it, chinese = RAISERS[name]
    with pytest.raises(DoorstepError) as err:
        raise_it()
    with using_language("en"):
        english = err.value.message_in("en")
        logged = str(err.value)
    assert english and not CJK.search(english), english
    assert not CJK.search(logged), logged
    assert chinese in err.value.message_in("zh-CN")


def test_labels_and_sentences_of_the_domain_read_in_english() -> None:
    """KPI and mediation labels, a period and a personal-data finding have no Chinese in English."""
    finding = Finding(2, "national_id", "440301199001011234")
    shown = [label_in(KPI_LABELS["resolution_rate"], "en"),
             label_in(MEDIATION_STATE_LABELS[MediationState.FAILED], "en"),
             Period(NOW.date(), NOW.date()).label.in_language("en"),
             finding.message().in_language("en")]
    assert not any(CJK.search(text) for text in shown), shown
    assert shown[0] == "Resolution rate" and shown[3] == "Paragraph 2: national id 4403********1234"
    assert label_in(KPI_LABELS["resolution_rate"], "zh-CN") == "化解率"
    assert finding.message().in_language("zh-CN") == "第2段发现身份证号 4403********1234"
