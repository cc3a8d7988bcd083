"""Casebook on a real database: drafts from closed cases, the publish check, Chinese search
and similar-case suggestions (SQLite FTS5 and PostgreSQL tsvector alike)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import insert

from doorstep.casebook import service
from doorstep.casebook.model import StudyDraft
from doorstep.casebook.service import PersonalDataFound
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.errors import ValidationFailed
from doorstep.store import tables as t
from tests import factories as f

PROCEDURE = StudyDraft(
    title="贷款审批流程争议经解释化解", background="客户申请经营贷款后对审批流程和放款时间有误解。",
    problem="客户认为贷款审批流程不透明，放款延迟，多次投诉。",
    actions="客户经理与法律顾问上门，逐项解释贷款审批流程和所需材料。",
    outcome="客户理解流程并撤回投诉。", lessons="流程类争议先讲清步骤和时间节点。",
    business_line="loan", case_type="loan_dispute", outcome_tag="explained",
    tags=("贷款流程", "解释说明"), amount_band="5万–20万", dpd_band="未逾期")
FAULT = StudyDraft(
    title="网银账户故障经技术人员上门修复", background="客户网银无法登录，账户被锁。",
    problem="客户反映转账失败、账户异常，情绪激动。",
    actions="技术人员上门排查，重置安全设备并恢复账户功能。",
    outcome="故障修复，客户满意。", lessons="技术故障应尽快派技术人员到场。",
    business_line="deposit", case_type="account_problem", outcome_tag="fixed",
    tags=("账户故障",), amount_band="<1万", dpd_band="未逾期")
CARD = StudyDraft(
    title="信用卡分期还款协商", background="客户失业后信用卡逾期。",
    problem="客户无力一次还清，担心影响征信。", actions="上门协商分期还款方案。",
    outcome="达成十二期还款计划。", lessons="先了解客户收入变化再谈方案。",
    business_line="credit_card", case_type="overdue_debt", outcome_tag="repayment_plan",
    tags=("分期",), amount_band="1万–5万", dpd_band="31–90天")


@pytest.fixture
def pm(container: Container) -> Principal:
    f.user(container, "pm", Role.PROGRAMME_MANAGER)
    principal: Principal = f.principal(container, "pm")
    return principal


def _publish(c: Container, who: Principal, draft: StudyDraft) -> int:
    """``who`` writes the study; another publisher (the trainer) publishes it (双人复核)."""
    with c.uow() as uow:
        study_id = service.create_study(uow, who, draft)
        uow.commit()
    with c.uow(write=False) as uow:
        known = uow.users.by_username("reviewer")
    if known is None:
        f.user(c, "reviewer", Role.TRAINER)
    with c.uow() as uow:
        service.publish_study(uow, f.principal(c, "reviewer"), study_id)
        uow.commit()
    return study_id


def _closed_case(c: Container, state: str = "resolved", case_type: str = "loan_dispute") -> int:
    ft = f.branch(c)
    customer = f.customer(c, ft, "张伟")
    case_id = f.case(c, customer, ft, state=state, case_type=case_type,
                     summary="客户张伟（电话13812345678）对贷款审批流程有异议")
    team = f.team(c, ft)
    with c.engine.begin() as conn:
        conn.execute(insert(t.complaints).values(
            customer_id=customer, branch_id=ft, channel="hotline", category="贷款",
            text="张伟先生称贷款流程不透明，住福华路8号3栋501", severity=3,
            received_at=datetime(2026, 10, 1, 2, 0)))
        conn.execute(insert(t.visits).values(
            case_id=case_id, team_id=team, staff_present=[1, 2], outcome="resolved",
            findings="上门解释贷款审批流程，客户张伟表示理解", created_at=f.NOW))
    return case_id


def test_draft_from_closed_case_carries_no_personal_data(container: Container,
                                                         pm: Principal) -> None:
    """A draft made from a closed case names nobody: name, phone and address are replaced."""
    case_id = _closed_case(container)
    with container.uow() as uow:
        study_id = service.draft_from_case(uow, pm, case_id)
        uow.commit()
    with container.uow(write=False) as uow:
        study = service.get_study(uow, pm, study_id)
        left = service.check_personal_data(uow, pm, study_id)
    text = "".join(study.draft.paragraphs())
    assert "张伟" not in text and "13812345678" not in text and "福华路8号" not in text
    assert "张某" in text and "[手机号]" in text and left == []
    assert study.status == "draft" and study.source_case_id == case_id


def test_open_case_cannot_become_a_case_study(container: Container, pm: Principal) -> None:
    """Only a closed case may be turned into a case study."""
    case_id = _closed_case(container, state="visited")
    with container.uow() as uow, pytest.raises(ValidationFailed):
        service.draft_from_case(uow, pm, case_id)
        uow.commit()


def test_publish_is_refused_while_personal_data_remains(container: Container,
                                                        pm: Principal) -> None:
    """Publishing names what it found (paragraph, kind, masked value) and changes nothing."""
    case_id = _closed_case(container)
    with container.uow() as uow:
        study_id = service.draft_from_case(uow, pm, case_id)
        uow.commit()
    with container.uow(write=False) as uow:
        study = service.get_study(uow, pm, study_id)
    leaked = StudyDraft(**{**study.draft.__dict__,
                           "background": "客户身份证号440301198501011234，曾多次来电。"})
    with container.uow() as uow:
        service.edit_study(uow, pm, study_id, leaked, study.version)
        uow.commit()
    with container.uow() as uow, pytest.raises(PersonalDataFound) as refused:
        service.publish_study(uow, pm, study_id)
        uow.commit()
    assert "第1段发现身份证号 4403********1234" in refused.value.detail_in("zh-CN")
    with container.uow(write=False) as uow:
        assert service.get_study(uow, pm, study_id).status == "draft"


def test_search_finds_every_word_ranked_and_only_published(container: Container,
                                                           pm: Principal) -> None:
    """A query matches studies holding all its words, best first; drafts stay out."""
    procedure = _publish(container, pm, PROCEDURE)
    _publish(container, pm, FAULT)
    _publish(container, pm, CARD)
    with container.uow() as uow:
        service.create_study(uow, pm, PROCEDURE)  # an unpublished copy
        uow.commit()
    with container.uow(write=False) as uow:
        hits = service.search(uow, pm, "贷款流程")
        both = service.search(uow, pm, "账户 故障")
        none = service.search(uow, pm, "贷款 故障")
    assert [h.study.id for h in hits] == [procedure]
    assert [h.study.draft.title for h in both] == [FAULT.title]
    assert none == []


def test_search_ranks_the_denser_match_first(container: Container, pm: Principal) -> None:
    """The study that mentions the query word more often ranks above one that mentions it once."""
    _publish(container, pm, CARD)
    once = StudyDraft(**{**FAULT.__dict__, "lessons": "注意客户情绪，分期方案需谨慎。"})
    once_id = _publish(container, pm, once)
    with container.uow(write=False) as uow:
        hits = service.search(uow, pm, "分期")
    assert len(hits) == 2 and hits[0].study.id != once_id
    assert hits[0].score > hits[1].score


def test_similar_cases_put_the_matching_study_first(container: Container,
                                                    pm: Principal) -> None:
    """An open loan dispute about the loan procedure is matched to the procedure study."""
    procedure = _publish(container, pm, PROCEDURE)
    _publish(container, pm, FAULT)
    _publish(container, pm, CARD)
    case_id = _closed_case(container, state="visited")
    with container.uow(write=False) as uow:
        found = service.similar_for_case(uow, pm, case_id)
    assert found[0].study.id == procedure
    assert "同一案件类型" in found[0].match.reasons
    assert found[0].match.score > (found[1].match.score if len(found) > 1 else 0)
