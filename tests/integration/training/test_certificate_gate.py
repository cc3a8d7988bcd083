"""Training end to end: a pass issues the certificate the assignment rule checks, so a team
refused for an expired or never-earned certificate can be assigned after its member passes."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from sqlalchemy import insert

from doorstep.cases import service as cases
from doorstep.cases.lifecycle import Command
from doorstep.cases.service import TransitionCase
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.errors import Conflict, GuardFailed, ValidationFailed
from doorstep.store import tables as t
from doorstep.teams.assignment import with_coverage
from doorstep.training import service
from doorstep.training.model import Course, SessionDraft
from tests import factories as f

IT_SUPPORT = Course(0, "T-IT01", "账户故障排查与技术支持", "technical", "", 8, 70, "it_support", 12)


def _insert(c: Container, table: Any, **values: object) -> int:
    with c.engine.begin() as conn:
        return int(conn.execute(insert(table).values(**values)).inserted_primary_key[0])


def _staff(c: Container, branch: int, no: str, name: str, role: str, skills: list[str]) -> int:
    return _insert(c, t.staff, staff_no=no, name=name, role=role, skills=skills,
                   branch_id=branch, phone_enc=c.cipher.seal("13900000000"), home_lat=22.55,
                   home_lon=114.05, shift_start=time(9), shift_end=time(18),
                   weekdays=[1, 2, 3, 4, 5])


@pytest.fixture
def bank(container: Container) -> dict[str, int]:
    """A technician and a loan manager in one team, and an approved account-fault case."""
    ft = f.branch(container)
    tech = _staff(container, ft, "S-T1", "周明", "technician", ["technical"])
    loans = _staff(container, ft, "S-L1", "吴敏", "customer_manager", ["loans"])
    team = _insert(container, t.teams, name="福田技术组", branch_id=ft, member_a_id=tech,
                   member_b_id=loans, formed_on=date(2026, 1, 1))
    customer = f.customer(container, ft, "陈刚")
    case = f.case(container, customer, ft, state="approved", case_type="account_problem")
    f.user(container, "dispatcher", Role.DISPATCHER, "FT01")
    f.user(container, "trainer", Role.TRAINER)
    with container.uow() as uow:
        course = uow.training.add_course(IT_SUPPORT)
        uow.commit()
    return {"tech": tech, "team": team, "case": case, "course": course}


def _assign(c: Container, bank: dict[str, int]) -> str:
    with c.uow() as uow:
        cmd = with_coverage(uow, TransitionCase(bank["case"], Command.ASSIGN, 1,
                                                team_id=bank["team"]))
        moved = cases.transition_case(uow, f.principal(c, "dispatcher"), cmd, c.policy)
        uow.commit()
    return moved.state.value


def _train(c: Container, bank: dict[str, int], score: int) -> service.Assessed:
    trainer: Principal = f.principal(c, "trainer")
    with c.uow() as uow:
        session = service.plan_session(uow, trainer, SessionDraft(
            bank["course"], datetime(2026, 11, 1, 1, 0), "刘老师", "总行培训中心 3楼", 20))
        uow.commit()
    with c.uow() as uow:
        service.record_attendance(uow, trainer, session, bank["tech"], True)
        uow.commit()
    with c.uow() as uow:
        done = service.record_assessment(uow, trainer, session, bank["tech"], score)
        uow.commit()
        return done


def test_never_certified_is_refused_until_the_course_is_passed(container: Container,
                                                               bank: dict[str, int]) -> None:
    """A technician who never passed cannot be assigned; after passing, the team can."""
    with pytest.raises(GuardFailed):
        _assign(container, bank)
    result = _train(container, bank, 86)
    assert result.passed and result.certificate_expires_on == date(2027, 11, 1)
    assert _assign(container, bank) == "assigned"


def test_expired_certificate_is_refused_and_a_failed_assessment_changes_nothing(
        container: Container, bank: dict[str, int]) -> None:
    """An expired certificate does not count, and a score under the pass mark grants none."""
    _insert(container, t.certificates, staff_id=bank["tech"], kind="it_support",
            issued_on=date(2024, 1, 1), expires_on=date(2026, 10, 31))
    with pytest.raises(GuardFailed):
        _assign(container, bank)
    result = _train(container, bank, 55)
    assert not result.passed and result.certificate_expires_on is None
    with pytest.raises(GuardFailed):
        _assign(container, bank)


def test_assessment_needs_attendance_and_a_session_its_capacity(container: Container,
                                                                bank: dict[str, int]) -> None:
    """No score for someone who did not attend; nobody joins a full session."""
    trainer: Principal = f.principal(container, "trainer")
    with container.uow() as uow:
        session = service.plan_session(uow, trainer, SessionDraft(
            bank["course"], datetime(2026, 11, 3, 1, 0), "刘老师", "福田支行会议室", 1))
        uow.commit()
    with container.uow() as uow:
        service.record_attendance(uow, trainer, session, bank["tech"], False)
        uow.commit()
    with container.uow() as uow, pytest.raises(ValidationFailed):
        service.record_assessment(uow, trainer, session, bank["tech"], 90)
        uow.commit()
    other = _staff(container, 1, "S-X1", "郑洁", "customer_manager", ["loans"])
    with container.uow() as uow, pytest.raises(Conflict):
        service.record_attendance(uow, trainer, session, other, True)
        uow.commit()


def test_expiring_lists_certificates_due_within_the_window(container: Container,
                                                           bank: dict[str, int]) -> None:
    """Certificates ending in the next 60 days are listed soonest first; later ones are not."""
    for kind, ends in (("visit_compliance", date(2026, 12, 20)),
                       ("it_support", date(2026, 11, 10)), ("legal_professional",
                                                             date(2027, 6, 1))):
        _insert(container, t.certificates, staff_id=bank["tech"], kind=kind,
                issued_on=date(2025, 1, 1), expires_on=ends)
    with container.uow(write=False) as uow:
        due = service.expiring_certificates(uow, f.principal(container, "trainer"), 60)
    assert [(e.kind, e.days_left) for e in due] == [("it_support", 8), ("visit_compliance", 48)]
