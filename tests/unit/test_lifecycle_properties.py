"""Property-based tests: random command sequences keep the lifecycle's invariants."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from doorstep.cases import lifecycle
from doorstep.cases.lifecycle import TRANSITIONS, CaseFacts, Command
from doorstep.cases.model import OPEN_STATES, TERMINAL_STATES, BusinessLine, Case, CaseType
from doorstep.core.errors import GuardFailed, IllegalTransition

AT = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)

facts_strategy = st.builds(
    CaseFacts,
    team_id=st.one_of(st.none(), st.integers(1, 5)),
    team_size=st.integers(0, 3),
    appointment_confirmed=st.booleans(),
    visit_recorded=st.booleans(),
    visit_staff_count=st.integers(0, 3),
    visit_inside_allowed_hours=st.booleans(),
    visit_attempts=st.integers(0, 3),
    legal_override_reason=st.sampled_from(["", "法务审批"]),
    override_approver=st.sampled_from(["", "legal"]),
    confirmed_contacts=st.sampled_from([(), (AT,), (AT, AT + timedelta(days=40))]),
    is_credit_card=st.booleans(),
    agreement_kept=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(Command)), facts_strategy), max_size=30))
def test_random_command_sequences_keep_invariants(steps: list[tuple[Command, CaseFacts]]) -> None:
    """Any sequence: version counts successes, failures change nothing, terminals stay."""
    case = Case(id=1, customer_id=1, branch_id=1, case_type=CaseType.OVERDUE_DEBT,
                business_line=BusinessLine.CREDIT_CARD)
    applied = 0
    for command, facts in steps:
        before = case
        try:
            case = lifecycle.apply(case, command, facts, AT)
        except (IllegalTransition, GuardFailed):
            assert case == before
            continue
        applied += 1
        assert before.state in TRANSITIONS[command].sources
        assert case.state == TRANSITIONS[command].target
        assert before.state not in TERMINAL_STATES
        assert (case.closed_at is not None) == (case.state not in OPEN_STATES)
        assert case.failed_attempts >= 0
    assert case.version == 1 + applied
