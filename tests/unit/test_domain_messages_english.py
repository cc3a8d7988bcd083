"""Errors and labels of cases, contacts, complaints, approvals, customers, teams, plans and
core read in English when English is chosen, and keep their Chinese otherwise (issue 14)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from doorstep.approvals.model import (
    KIND_LABELS,
    Kind,
    NotPending,
    OwnRequest,
    Request,
    State,
    check_decision,
    default_authority,
)
from doorstep.approvals.model import STATE_LABELS as REQUEST_STATES
from doorstep.cases import lifecycle
from doorstep.cases.compliance import check_visit_flags, missing_effective_collection
from doorstep.cases.lifecycle import COMMAND_LABELS, CaseFacts, Command
from doorstep.cases.model import (
    BUSINESS_LINE_LABELS,
    CASE_TYPE_LABELS,
    STATE_LABELS,
    BusinessLine,
    Case,
    CaseState,
    CaseType,
)
from doorstep.complaints.clock import CHANNEL_LABELS as COMPLAINT_CHANNELS
from doorstep.contacts.model import CHANNEL_LABELS, OUTCOME_LABELS, PARTY_LABELS, PROOF_LABELS
from doorstep.core.access import ROLE_LABELS, Principal, Role, require_branch
from doorstep.core.errors import DoorstepError, GuardFailed, NotFound, ValidationFailed
from doorstep.core.i18n import Msg, label_in, using_language
from doorstep.core.passwords import check_strength
from doorstep.customers.model import ACCOUNT_STATUS_LABELS, PERSONAL_FIELD_LABELS
from doorstep.plans.model import PlanDraft, validate
from doorstep.teams.model import CERTIFICATE_LABELS, SKILL_LABELS
from doorstep.teams.model import ROLE_LABELS as STAFF_ROLES

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff60]")
AT = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
TABLES: list[Mapping[Any, str | Msg]] = [
    STATE_LABELS, BUSINESS_LINE_LABELS, CASE_TYPE_LABELS, COMMAND_LABELS, ROLE_LABELS,
    STAFF_ROLES, SKILL_LABELS, CERTIFICATE_LABELS, PERSONAL_FIELD_LABELS, ACCOUNT_STATUS_LABELS,
    KIND_LABELS, REQUEST_STATES, COMPLAINT_CHANNELS, CHANNEL_LABELS, PARTY_LABELS,
    OUTCOME_LABELS, PROOF_LABELS]


def _case(state: CaseState) -> Case:
    return Case(id=1, customer_id=1, branch_id=1, case_type=CaseType.OVERDUE_DEBT,
                business_line=BusinessLine.LOAN, state=state)


def _errors() -> list[DoorstepError]:
    """One error of each kind the domain raises: a guard, a breach, a plan, a password,
    an approval decision and an out-of-scope record."""
    found: list[DoorstepError] = []
    with pytest.raises(GuardFailed) as guard:
        lifecycle.check(_case(CaseState.APPROVED), Command.ASSIGN,
                        CaseFacts(team_id=1, team_size=1))
    found.append(guard.value)
    breach = check_visit_flags(do_not_visit=True, under_regulator_complaint=False)
    assert breach is not None
    found.append(breach.violation())
    draft = PlanDraft("", date(2026, 10, 1), date(2026, 9, 1), ("mortgage",), (), 0, 0.9, (), ())
    with pytest.raises(ValidationFailed) as plan:
        validate(draft)
    found.append(plan.value)
    with pytest.raises(ValidationFailed) as password:
        check_strength("short")
    found.append(password.value)
    request = Request(id=7, kind=Kind.FEE_WAIVER, subject_type="agreement", subject_id=3,
                      branch_id=1, amount=Decimal("100"), summary="", payload={},
                      state=State.APPROVED, requested_by="field1", requested_at=AT,
                      request_reason="")
    manager = Principal(user_id=1, username="manager", role=Role.PROGRAMME_MANAGER,
                        branch_id=None)
    with pytest.raises(NotPending) as done:
        check_decision(request, manager, default_authority())
    found.append(done.value)
    with pytest.raises(OwnRequest) as own:
        check_decision(replace(request, state=State.PENDING, requested_by="manager",
                               payload={"made_by": ["analyst"]}), manager,
                       default_authority())
    found.append(own.value)
    field = Principal(user_id=2, username="field1", role=Role.FIELD_STAFF, branch_id=1)
    with pytest.raises(NotFound) as hidden:
        require_branch(field, 2, "Case", 5)
    found.append(hidden.value)
    return found


def test_domain_errors_read_in_english_without_a_chinese_character() -> None:
    """With English chosen, every error reads in English; in Chinese it is still Chinese."""
    errors = _errors()
    with using_language("en"):
        english = [e.message_in("en") for e in errors]
    for text in english:
        assert text and not CJK.search(text), text
    assert "A visiting team" not in english[0] and "at least 2 staff members" in english[0]
    assert "'approved'" in english[4] and "manager, analyst" in english[5]
    assert "Case 5 was not found" in english[6]
    chinese = [e.message_in("zh-CN") for e in errors]
    assert all(CJK.search(text) for text in chinese), chinese
    assert "团队至少需要 2 名员工" in chinese[0] and "「已批准」" in chinese[4]
    assert "manager、analyst" in chinese[5] and "计划名称不能为空；" in chinese[2]


def test_every_label_reads_in_both_languages() -> None:
    """Each label of the domain's tables is English in English and Chinese in Chinese; the
    words shared by two tables keep their own Chinese (pgettext contexts)."""
    for table in TABLES:
        for key, entry in table.items():
            assert not CJK.search(label_in(entry, "en")), (key, entry)
            assert CJK.search(label_in(entry, "zh-CN")), (key, entry)
    assert label_in(STATE_LABELS[CaseState.APPROVED], "zh-CN") == "已审批"
    assert label_in(REQUEST_STATES[State.APPROVED], "zh-CN") == "已批准"
    assert label_in(STATE_LABELS[CaseState.APPROVED], "en") == "Approved"
    assert label_in(PERSONAL_FIELD_LABELS[next(iter(PERSONAL_FIELD_LABELS))], "zh-CN")


def test_a_shortfall_of_effective_collection_is_a_message_in_either_language() -> None:
    """The litigation check's explanation is translated where it is shown."""
    short = missing_effective_collection([AT])
    assert short is not None
    assert "仅有 1 次有效联系；现有 2026-11-02" in short.in_language("zh-CN")
    assert not CJK.search(short.in_language("en"))
