"""The case lifecycle of DESIGN §4: transition table and guards."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from doorstep.cases import lifecycle
from doorstep.cases.lifecycle import TRANSITIONS, CaseFacts, Command
from doorstep.cases.model import OPEN_STATES, BusinessLine, Case, CaseState, CaseType
from doorstep.core.errors import GuardFailed, IllegalTransition

AT = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
TEAM = CaseFacts(team_id=1, team_size=2)


def make_case(state: CaseState = CaseState.SCREENED, **kw: object) -> Case:
    base: dict[str, object] = dict(id=1, customer_id=1, branch_id=1,
                                   case_type=CaseType.OVERDUE_DEBT,
                                   business_line=BusinessLine.LOAN, state=state)
    base.update(kw)
    return Case(**base)  # type: ignore[arg-type]


def test_approve_moves_screened_to_approved_and_bumps_version() -> None:
    """Approving a screened case moves it to approved and bumps its version."""
    case = lifecycle.apply(make_case(), Command.APPROVE, CaseFacts(), AT)
    assert case.state == CaseState.APPROVED
    assert case.version == 2


def test_illegal_command_changes_nothing() -> None:
    """A command from a state it does not start from raises and leaves the case as it was."""
    case = make_case(CaseState.SCREENED)
    with pytest.raises(IllegalTransition):
        lifecycle.apply(case, Command.RECORD_VISIT, CaseFacts(), AT)
    assert case.state == CaseState.SCREENED and case.version == 1


def test_assign_needs_a_team_of_two() -> None:
    """A case cannot be assigned to a team with fewer than two members."""
    with pytest.raises(GuardFailed):
        lifecycle.apply(make_case(CaseState.APPROVED), Command.ASSIGN,
                        CaseFacts(team_id=1, team_size=1), AT)
    case = lifecycle.apply(make_case(CaseState.APPROVED), Command.ASSIGN, TEAM, AT)
    assert case.owner_team_id == 1


def test_visited_needs_full_team_inside_hours() -> None:
    """A visit made by one person alone cannot move a case to visited."""
    alone = CaseFacts(team_id=1, team_size=2, visit_recorded=True, visit_staff_count=1,
                      visit_inside_allowed_hours=True)
    with pytest.raises(GuardFailed):
        lifecycle.apply(make_case(CaseState.SCHEDULED), Command.RECORD_VISIT, alone, AT)
    late = CaseFacts(visit_recorded=True, visit_staff_count=2, visit_inside_allowed_hours=False)
    with pytest.raises(GuardFailed):
        lifecycle.apply(make_case(CaseState.SCHEDULED), Command.RECORD_VISIT, late, AT)
    ok = CaseFacts(visit_recorded=True, visit_staff_count=2, visit_inside_allowed_hours=True)
    assert lifecycle.apply(make_case(CaseState.SCHEDULED), Command.RECORD_VISIT, ok,
                           AT).state == CaseState.VISITED


def test_escalation_needs_an_attempt_or_a_legal_override() -> None:
    """Escalating before any visit attempt needs a legal override with approver and reason."""
    with pytest.raises(GuardFailed):
        lifecycle.apply(make_case(CaseState.APPROVED), Command.ESCALATE, CaseFacts(), AT)
    facts = CaseFacts(legal_override_reason="客户已起诉", override_approver="legal")
    assert lifecycle.apply(make_case(CaseState.APPROVED), Command.ESCALATE, facts,
                           AT).state == CaseState.ESCALATED
    assert lifecycle.apply(make_case(CaseState.FOLLOW_UP), Command.ESCALATE,
                           CaseFacts(visit_attempts=1), AT).state == CaseState.ESCALATED


def test_credit_card_litigation_needs_effective_collection() -> None:
    """A credit-card case needs two confirmed contacts 30 days apart before litigation."""
    card = make_case(CaseState.ESCALATED, business_line=BusinessLine.CREDIT_CARD)
    close = CaseFacts(is_credit_card=True, confirmed_contacts=(AT, AT + timedelta(days=10)))
    with pytest.raises(GuardFailed):
        lifecycle.apply(card, Command.LITIGATE, close, AT)
    apart = CaseFacts(is_credit_card=True, confirmed_contacts=(AT, AT + timedelta(days=31)))
    assert lifecycle.apply(card, Command.LITIGATE, apart, AT).state == CaseState.LITIGATION


def test_monitoring_resolves_only_when_the_agreement_was_kept() -> None:
    """A monitored agreement resolves the case only once it was kept to the end."""
    with pytest.raises(GuardFailed):
        lifecycle.apply(make_case(CaseState.MONITORING), Command.RESOLVE, CaseFacts(), AT)
    done = lifecycle.apply(make_case(CaseState.MONITORING), Command.RESOLVE,
                           CaseFacts(agreement_kept=True), AT)
    assert done.state == CaseState.RESOLVED and done.closed_at == AT


def test_unreachable_goes_to_legal_review_after_configured_failed_attempts() -> None:
    """A customer not met goes to legal review (escalated, §10) only after the configured
    number of failed attempts; no command closes a case as unreachable any more."""
    case = make_case(CaseState.SCHEDULED)
    for _ in range(3):
        case = lifecycle.apply(case, Command.RECORD_FAILED_ATTEMPT, TEAM, AT)
        if case.failed_attempts < 3:
            with pytest.raises(GuardFailed):
                lifecycle.apply(case, Command.REFER_UNREACHABLE, CaseFacts(), AT)
            case = lifecycle.apply(case, Command.SCHEDULE,
                                   CaseFacts(team_id=1, team_size=2, appointment_confirmed=True),
                                   AT)
    referred = lifecycle.apply(case, Command.REFER_UNREACHABLE, CaseFacts(), AT)
    assert referred.state == CaseState.ESCALATED and referred.closed_at is None
    assert all(t.target != CaseState.CLOSED_UNREACHABLE for t in TRANSITIONS.values())


def test_every_open_state_has_a_way_out_and_terminal_states_none() -> None:
    """Every open state can take some command; resolved, litigation and closed take none."""
    for state in CaseState:
        commands = lifecycle.allowed_commands(state)
        assert bool(commands) == (state in OPEN_STATES), state


def test_transition_table_matches_design_section_4() -> None:
    """The table holds the edges DESIGN §4 names."""
    edges = {(s, t.target) for t in TRANSITIONS.values() for s in t.sources}
    S = CaseState
    for edge in [(S.SCREENED, S.APPROVED), (S.APPROVED, S.ASSIGNED), (S.ASSIGNED, S.SCHEDULED),
                 (S.SCHEDULED, S.VISITED), (S.VISITED, S.RESOLVED), (S.VISITED, S.MONITORING),
                 (S.VISITED, S.FOLLOW_UP), (S.VISITED, S.ESCALATED), (S.MONITORING, S.RESOLVED),
                 (S.MONITORING, S.ESCALATED), (S.FOLLOW_UP, S.SCHEDULED),
                 (S.ESCALATED, S.MEDIATION), (S.MEDIATION, S.RESOLVED),
                 (S.MEDIATION, S.LITIGATION)]:
        assert edge in edges, edge


def test_resolve_needs_a_kept_agreement_when_money_is_owed_else_a_reason() -> None:
    """RESOLVE of a visited case with money owed needs the stored fact 'agreement kept'; a
    case with nothing owed needs a resolution reason; a mediation is left to its own guard."""
    from decimal import Decimal

    owed = replace(make_case(CaseState.VISITED), overdue_amount=Decimal("500"))
    with pytest.raises(GuardFailed, match="欠款"):
        lifecycle.apply(owed, Command.RESOLVE, CaseFacts(resolution_reason="已解释"), AT)
    assert lifecycle.apply(owed, Command.RESOLVE, CaseFacts(agreement_kept=True),
                           AT).state == CaseState.RESOLVED
    clear = replace(make_case(CaseState.VISITED), overdue_amount=Decimal("0"))
    with pytest.raises(GuardFailed, match="办结理由"):
        lifecycle.apply(clear, Command.RESOLVE, CaseFacts(), AT)
    assert lifecycle.apply(clear, Command.RESOLVE, CaseFacts(resolution_reason="费用已退还"),
                           AT).state == CaseState.RESOLVED


def test_schedule_refusal_says_how_to_get_a_confirmation() -> None:
    """Without a confirmed appointment on file SCHEDULE is refused, naming the link and the
    phone confirmation."""
    with pytest.raises(GuardFailed, match="电话确认"):
        lifecycle.apply(make_case(CaseState.ASSIGNED), Command.SCHEDULE,
                        CaseFacts(team_id=1, team_size=2), AT)
