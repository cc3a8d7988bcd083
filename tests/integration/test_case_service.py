"""Case commands over a real database: one transaction, version bump, audit, 409s."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from doorstep.cases import service
from doorstep.cases.lifecycle import Command
from doorstep.cases.model import CaseState
from doorstep.cases.service import Override, TransitionCase
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.errors import (
    ComplianceViolation,
    GuardFailed,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from doorstep.store import tables as t
from doorstep.teams.assignment import with_coverage
from tests import factories as f


@pytest.fixture
def bank(container: Container) -> dict[str, int]:
    b = f.branch(container)
    other = f.branch(container, "NS01", "南山支行")
    cust = f.customer(container, b)
    ids = {"branch": b, "other": other, "customer": cust, "team": f.team(container, b),
           "case": f.case(container, cust, b)}
    f.user(container, "analyst", Role.ANALYST)
    f.user(container, "dispatcher", Role.DISPATCHER, "FT01")
    f.user(container, "dispatcher_ns", Role.DISPATCHER, "NS01")
    f.user(container, "manager", Role.PROGRAMME_MANAGER)
    f.user(container, "field", Role.FIELD_STAFF, "FT01")
    return ids


def run(c: Container, username: str, cmd: TransitionCase) -> object:
    with c.uow() as uow:
        done = service.transition_case(uow, f.principal(c, username), with_coverage(uow, cmd),
                                       c.policy)
        uow.commit()
        return done


def audit_count(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.audit_events)).scalar_one())


def test_transition_bumps_version_and_writes_one_audit_event(container: Container,
                                                             bank: dict[str, int]) -> None:
    """Approving a case bumps its version and appends exactly one audit event."""
    before = audit_count(container)
    run(container, "analyst", TransitionCase(bank["case"], Command.APPROVE, 1))
    with container.uow(write=False) as uow:
        case = uow.cases.get(bank["case"])
        detail = uow.cases.detail(bank["case"])
    assert case.state == CaseState.APPROVED and case.version == 2
    assert audit_count(container) == before + 1
    assert detail.history[-1].action == "case.approve"
    assert detail.history[-1].before == {"state": "screened", "version": 1}


def test_stale_version_is_refused_and_changes_nothing(container: Container,
                                                      bank: dict[str, int]) -> None:
    """A command carrying an old version gets StaleVersion (409) and writes nothing."""
    run(container, "analyst", TransitionCase(bank["case"], Command.APPROVE, 1))
    before = audit_count(container)
    with pytest.raises(StaleVersion):
        run(container, "dispatcher", TransitionCase(bank["case"], Command.ASSIGN, 1,
                                                    team_id=bank["team"]))
    with container.uow(write=False) as uow:
        assert uow.cases.get(bank["case"]).state == CaseState.APPROVED
    assert audit_count(container) == before


def test_illegal_and_guarded_commands_change_nothing(container: Container,
                                                     bank: dict[str, int]) -> None:
    """An illegal command or a failed guard leaves state, version and audit as they were."""
    before = audit_count(container)
    with pytest.raises(IllegalTransition):
        run(container, "field", TransitionCase(bank["case"], Command.RECORD_VISIT, 1))
    run(container, "analyst", TransitionCase(bank["case"], Command.APPROVE, 1))
    with pytest.raises(GuardFailed):
        run(container, "dispatcher", TransitionCase(bank["case"], Command.ASSIGN, 2))
    with container.uow(write=False) as uow:
        assert uow.cases.get(bank["case"]).version == 2
    assert audit_count(container) == before + 1


def test_role_without_permission_is_refused(container: Container, bank: dict[str, int]) -> None:
    """Field staff may not approve a screening selection."""
    with pytest.raises(PermissionDenied):
        run(container, "field", TransitionCase(bank["case"], Command.APPROVE, 1))


def test_other_branch_sees_the_case_as_missing(container: Container,
                                               bank: dict[str, int]) -> None:
    """A dispatcher of another branch gets NotFound, not the case."""
    run(container, "analyst", TransitionCase(bank["case"], Command.APPROVE, 1))
    with pytest.raises(NotFound):
        run(container, "dispatcher_ns", TransitionCase(bank["case"], Command.ASSIGN, 2,
                                                       team_id=bank["team"]))


def _to_assigned(c: Container, bank: dict[str, int]) -> None:
    run(c, "analyst", TransitionCase(bank["case"], Command.APPROVE, 1))
    run(c, "dispatcher", TransitionCase(bank["case"], Command.ASSIGN, 2, team_id=bank["team"]))


def _confirmed_appointment(c: Container, bank: dict[str, int]) -> None:
    with c.engine.begin() as conn:
        conn.execute(t.appointments.insert().values(
            case_id=bank["case"], team_id=bank["team"], slot_start=f.NOW, slot_end=f.NOW,
            state="confirmed", created_at=f.NOW))


def test_do_not_visit_blocks_scheduling_until_another_person_approves(
        container: Container, bank: dict[str, int]) -> None:
    """A do-not-visit customer cannot be scheduled; an override reason files a request that
    only another authorised person may approve, and the exception names that person."""
    from doorstep.approvals.case_overrides import submit_transition
    from doorstep.approvals.model import OwnRequest
    from doorstep.decisions import effects

    with container.engine.begin() as conn:
        conn.execute(t.customers.update().values(do_not_visit=True))
    _to_assigned(container, bank)
    _confirmed_appointment(container, bank)
    cmd = TransitionCase(bank["case"], Command.SCHEDULE, 3)
    with pytest.raises(ComplianceViolation):
        run(container, "dispatcher", cmd)
    with container.uow() as uow:
        pending = submit_transition(uow, f.principal(container, "dispatcher"), TransitionCase(
            bank["case"], Command.SCHEDULE, 3, override=Override("客户主动要求上门")),
            container.policy)
        uow.commit()
    assert isinstance(pending, service.Pending)
    with container.uow(write=False) as uow:
        assert uow.cases.get(bank["case"]).state == CaseState.ASSIGNED
    with container.uow() as uow, pytest.raises(OwnRequest):
        effects.decide(uow, f.principal(container, "dispatcher"), pending.approval_id, True,
                       "我同意的", container.authority, container.policy)
        uow.commit()
    f.user(container, "manager2", Role.PROGRAMME_MANAGER)
    with container.uow() as uow:
        effects.decide(uow, f.principal(container, "manager"), pending.approval_id, True,
                       "客户书面申请上门", container.authority, container.policy)
        uow.commit()
    with container.uow() as uow, pytest.raises(Exception, match="approval.not_pending"):
        effects.decide(uow, f.principal(container, "manager2"), pending.approval_id, True,
                       "再批一次", container.authority, container.policy)
        uow.commit()
    with container.engine.connect() as conn:
        rows = conn.execute(select(t.compliance_exceptions)).all()
        state = conn.execute(select(t.cases.c.state)).scalar_one()
    assert state == "scheduled"
    assert [(r.rule, r.approver, r.decision) for r in rows] == [
        ("do_not_visit", "manager", "approved")]


def test_reveal_is_audited(container: Container, bank: dict[str, int]) -> None:
    """Revealing a phone number returns it and writes a customer.reveal audit event."""
    from doorstep.customers import service as customers
    from doorstep.customers.model import PersonalField

    with container.uow() as uow:
        value = customers.reveal(uow, f.principal(container, "field"), bank["customer"],
                                 PersonalField.PHONE, "预约上门")
        uow.commit()
    assert value == "13812345678"
    with container.engine.connect() as conn:
        last = conn.execute(select(t.audit_events).order_by(t.audit_events.c.seq.desc())).first()
    assert last is not None and last.action == "customer.reveal"
    assert "13812345678" not in str(last.after)


def test_masked_view_hides_personal_data(container: Container, bank: dict[str, int]) -> None:
    """The customer view shows only masked id, phone and address."""
    from doorstep.customers import service as customers

    with container.uow(write=False) as uow:
        view = customers.customer_view(uow, f.principal(container, "dispatcher"),
                                       bank["customer"])
    assert view.national_id == "440301********1234"
    assert view.phone == "138****5678"
    assert view.address.endswith("****") and "福华路" not in view.address
