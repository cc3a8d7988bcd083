"""The main use cases over the in-memory unit of work: outcomes, and that they leave the
commit to the caller (the edge commits once; nested use cases share the unit).

Integration twins on SQLite and PostgreSQL: tests/integration/test_case_service.py,
tests/integration/visits/test_visit_service.py, tests/integration/dispatch/test_replans.py,
tests/integration/screening/test_runs.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from doorstep.approvals import service as approvals
from doorstep.approvals.case_overrides import submit_transition
from doorstep.approvals.model import Kind, OwnRequest, State, default_authority
from doorstep.cases.compliance import Policy
from doorstep.cases.lifecycle import Command
from doorstep.cases.model import BusinessLine, Case, CaseState, CaseType
from doorstep.cases.service import Override, Pending, TransitionCase, transition_case
from doorstep.core.access import Principal, Role
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import IllegalTransition, StaleVersion
from doorstep.decisions import effects
from doorstep.teams.model import StaffMember, Team
from doorstep.visits.dispatch.model import BranchDay, VisitCandidate
from doorstep.visits.dispatch.service import plan_day
from doorstep.visits.evidence.store import LocalFileStore
from doorstep.visits.records.model import Outcome, VisitSubmission
from doorstep.visits.records.ports import CustomerPoint, TeamMember
from doorstep.visits.records.rules import FieldParams
from doorstep.visits.records.service import submit_visit
from doorstep.visits.routing import RoutingParams
from tests.unit.fakes import FakeUnitOfWork

POLICY = Policy.from_toml()
MANAGER = Principal(user_id=1, username="pm", role=Role.PROGRAMME_MANAGER, branch_id=None)
DISPATCHER = Principal(user_id=2, username="disp", role=Role.DISPATCHER, branch_id=1)


def _case(state: CaseState = CaseState.SCREENED, **kw: object) -> Case:
    return replace(Case(id=10, customer_id=100, branch_id=1, case_type=CaseType.OVERDUE_DEBT,
                        business_line=BusinessLine.LOAN, state=state), **kw)


def _uow(case: Case) -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    assert case.id is not None
    uow.cases.rows[case.id] = case
    return uow


def test_transition_moves_the_case_and_leaves_the_commit_to_the_edge() -> None:
    """Approving a screened case saves it one version on and audits it, uncommitted."""
    uow = _uow(_case())
    moved = transition_case(uow, MANAGER, TransitionCase(10, Command.APPROVE, 1), POLICY)
    assert moved.state == CaseState.APPROVED and moved.version == 2
    assert uow.cases.rows[10] == moved and uow.commits == 0
    assert [e.action for e in uow.pending_audit] == ["case.approve"]
    uow.commit()  # the edge
    assert uow.commits == 1 and [e.action for e in uow.audited] == ["case.approve"]


@pytest.mark.parametrize("state, version, error", [
    (CaseState.APPROVED, 1, IllegalTransition),  # an approved case cannot be approved again
    (CaseState.SCREENED, 3, StaleVersion),  # the caller read an older version
])
def test_refused_transition_writes_nothing(state: CaseState, version: int,
                                           error: type[Exception]) -> None:
    """An illegal move or a stale version changes nothing and audits nothing."""
    uow = _uow(_case(state))
    with pytest.raises(error):
        transition_case(uow, MANAGER, TransitionCase(10, Command.APPROVE, version), POLICY)
    assert uow.cases.saves == 0 and uow.actions() == [] and uow.commits == 0


def _scheduling_needs_override() -> FakeUnitOfWork:
    """An assigned case of team 7 with a confirmed appointment; the customer asked not to be
    visited, a breach a programme manager may let through."""
    uow = _uow(_case(CaseState.ASSIGNED, owner_team_id=7))
    uow.cases.teams[7] = [21, 22]
    uow.cases.flags[100] = (True, False)
    uow.appointments.confirmed.add(10)
    uow.users.add_user("disp", Role.DISPATCHER, 1)
    uow.users.add_user("pm", Role.PROGRAMME_MANAGER)
    uow.users.add_user("legal", Role.LEGAL_OFFICER)
    return uow


def test_override_request_then_approval_moves_the_case_in_one_unit() -> None:
    """Maker-checker across two capabilities: the dispatcher's override request leaves the
    case alone; the manager's approval runs the transition inside the decision, so the
    request, the move and the exception are one unit, committed by the edge only."""
    uow = _scheduling_needs_override()
    cmd = TransitionCase(10, Command.SCHEDULE, 1, override=Override("customer asked us to come"))
    pending = submit_transition(uow, DISPATCHER, cmd, POLICY)
    assert isinstance(pending, Pending) and uow.cases.rows[10].state == CaseState.ASSIGNED
    assert uow.approvals.get(pending.approval_id).kind == Kind.COMPLIANCE_OVERRIDE
    done = effects.decide(uow, MANAGER, pending.approval_id, True, "confirmed by phone",
                          default_authority(), POLICY)
    assert done.state == State.APPROVED
    assert uow.cases.rows[10].state == CaseState.SCHEDULED
    assert [(e["rule"], e["approval_id"]) for e in uow.cases.exceptions] == [
        ("do_not_visit", pending.approval_id)]
    assert uow.actions() == ["approval.request", "case.schedule", "approval.approved"]
    assert uow.commits == 0


def test_maker_cannot_decide_their_own_request() -> None:
    """The maker of a request may not approve it, whatever their role; nothing changes."""
    uow = _scheduling_needs_override()
    cmd = TransitionCase(10, Command.SCHEDULE, 1, override=Override("customer asked us to come"))
    legal = Principal(user_id=3, username="legal", role=Role.LEGAL_OFFICER, branch_id=None)
    uow.users.add_user("legal", Role.LEGAL_OFFICER)
    pending = approvals.request(uow, legal, approvals.NewRequest(
        kind=Kind.COMPLIANCE_OVERRIDE, subject_type="case", subject_id=10, branch_id=1,
        summary="override", reason="needed for the visit", payload={
            "action": "transition", "case_id": 10, "command": cmd.command.value,
            "version": 1, "breaches": []}))
    with pytest.raises(OwnRequest):
        effects.decide(uow, legal, pending, True, "fine", default_authority(), POLICY)
    assert uow.approvals.get(pending).state == State.PENDING
    assert uow.cases.rows[10].state == CaseState.ASSIGNED and uow.commits == 0


def _member(n: int) -> StaffMember:
    return StaffMember(n, f"S{n}", f"staff {n}", "customer_manager", frozenset(), 1, 22.54,
                       114.05, time(9), time(18), (1, 2, 3, 4, 5, 6, 7))


def test_plan_routes_for_a_tiny_day_with_the_real_solver() -> None:
    """PyVRP routes four nearby visits over two teams; the plan is stored and audited in
    the caller's unit, which the use case does not commit."""
    day = date(2026, 12, 2)
    visits = tuple(VisitCandidate(
        case_id=n, case_no=f"AJ{n:06d}", customer_name=f"customer {n}",
        lat=22.54 + n * 0.002, lon=114.06, case_type="service_complaint",
        business_line="deposit", state="assigned", priority=3,
        amount_at_stake=Decimal("50000"), overdue=False) for n in range(1, 5))
    teams = (Team(1, "team one", 1, (_member(1), _member(2))),
             Team(2, "team two", 1, (_member(3), _member(4))))
    uow = FakeUnitOfWork()
    uow.dispatch.day = BranchDay(1, "FT01", "branch", 22.54, 114.05, day, teams, visits)
    planned = plan_day(uow, DISPATCHER, 1, day, replace(RoutingParams(), seconds=0.5), seed=3)
    assert planned.stored.stats["routed"] == 4
    assert {s.case_id for s in planned.stored.stops} == {1, 2, 3, 4}
    assert uow.dispatch.plans[-1].id == planned.stored.id == 1
    assert uow.actions() == ["route_plan.planned"] and uow.commits == 0


def test_submit_visit_not_at_home_counts_a_failed_attempt_in_its_own_unit(
        tmp_path: Path) -> None:
    """A visit that found nobody home is stored once, counted as a contact and moves the
    case to follow-up, all in the one unit submit_visit opens and commits; the same key
    sent again returns the first result and writes nothing."""
    uow = _uow(_case(CaseState.SCHEDULED, owner_team_id=7))
    uow.visits.points[100] = CustomerPoint(22.54, 114.05, "enc:phone")
    uow.visits.members[7] = [TeamMember(21, "staff a", "S21", "branch"),
                             TeamMember(22, "staff b", "S22", "branch")]
    field_staff = Principal(user_id=5, username="fs", role=Role.FIELD_STAFF, branch_id=1,
                            staff_id=21)
    start = datetime(2026, 11, 2, 1, 15, tzinfo=UTC)  # 09:15 in Shenzhen
    sub = VisitSubmission("visit-key-0001", 10, None, start, start + timedelta(minutes=20),
                          22.5401, 114.0501, (21, 22), Outcome.NOT_AT_HOME)

    def units(*, write: bool = True) -> FakeUnitOfWork:
        return uow

    # The partner confirmed presence from their own phone before the record (DESIGN: pairs).
    uow.audited.append(AuditEntry("user:fs2", "visit.presence_confirmed", "case", "10", None,
                                  {"staff_id": 22}, start))
    first = submit_visit(units, field_staff, sub, POLICY, FieldParams(),
                         LocalFileStore(tmp_path))
    assert first.case_state == CaseState.FOLLOW_UP.value and not first.replayed
    assert uow.cases.rows[10].failed_attempts == 1 and len(uow.contacts.contacts) == 1
    assert uow.commits == 1
    assert uow.actions()[1:4] == ["contact.record", "visit.record", "case.record_failed_attempt"]
    uow.visits.case_states[10] = uow.cases.rows[10].state.value
    again = submit_visit(units, field_staff, sub, POLICY, FieldParams(),
                         LocalFileStore(tmp_path))
    assert again.replayed and again.visit_id == first.visit_id and uow.commits == 1
