"""Wealth-management (理财) and insurance (保险) disputes as configured business lines:
their own rule sets select customers in the demo bank, approval opens cases of their own
types, and assignment needs a team with the line's skill and valid certificate."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from doorstep.cases.lifecycle import Command
from doorstep.cases.model import BusinessLine, CaseType
from doorstep.cases.service import TransitionCase, transition_case
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.errors import GuardFailed
from doorstep.demo.loader import load_demo
from doorstep.screening.approval import approve_run
from doorstep.screening.features import make_engine
from doorstep.screening.rules.ruleset import NamedRule, RuleSet
from doorstep.screening.runs import RunScreening, run_screening
from doorstep.screening.strategies import create_strategy
from doorstep.screening.text import load_detector
from doorstep.screening.texts import score_pending_texts
from doorstep.screening.training import promote_model, train_escalation_model
from doorstep.store import tables as t
from doorstep.teams.assignment import with_coverage
from doorstep.teams.coverage import CaseNeed, required_skills, team_covers
from tests import factories as f

AS_OF = date(2026, 11, 30)
ANALYST = Principal(user_id=90, username="analyst_t", role=Role.ANALYST, branch_id=None)
MANAGER = Principal(user_id=91, username="manager_t", role=Role.PROGRAMME_MANAGER, branch_id=None)
DISPATCHER = Principal(user_id=92, username="dispatch_t", role=Role.DISPATCHER, branch_id=None)
DISSATISFIED = "strong_dissatisfaction and complaints_90d >= 1"
RULE_SETS = (
    RuleSet("理财纠纷（强烈不满）", BusinessLine.WEALTH, 1, (
        NamedRule("强烈不满且近期投诉", DISSATISFIED),
        NamedRule("近一年多次投诉或严重投诉", "complaints_365d >= 2 or complaint_severity >= 4"))),
    RuleSet("保险纠纷（强烈不满）", BusinessLine.INSURANCE, 1, (
        NamedRule("强烈不满且近期投诉", DISSATISFIED),
        NamedRule("近一年多次投诉或严重投诉", "complaints_365d >= 2 or complaint_severity >= 4"))),
)


def _screen(c: Container) -> list[int]:
    with c.uow() as uow:
        score_pending_texts(uow, load_detector())
        uow.commit()
    with c.uow() as uow:
        model = train_escalation_model(uow, ANALYST, make_engine("duckdb"), AS_OF, seed=7)
        uow.commit()
    with c.uow() as uow:
        promote_model(uow, MANAGER, model.id)
        uow.commit()
    with c.uow() as uow:
        strategy = create_strategy(uow, ANALYST, "理财与保险", RULE_SETS, None)
        uow.commit()
    with c.engine.connect() as conn:
        plan_id = conn.execute(select(t.plans.c.id).where(
            t.plans.c.name.like("理财与保险%"))).scalar_one()
    with c.uow() as uow:
        run_id = run_screening(uow, ANALYST, RunScreening(plan_id, AS_OF, 7, strategy.id),
                               make_engine("duckdb"))
        uow.commit()
    with c.uow() as uow:
        done = approve_run(uow, MANAGER, run_id)
        uow.commit()
        return done


def test_wealth_and_insurance_screening_and_assignment(container: Container) -> None:
    """The lines' rule sets open wealth/insurance dispute cases, and only a team with the line's
    skill may take one."""
    load_demo(container.engine, 1200, 7)
    case_ids = _screen(container)
    with container.engine.connect() as conn:
        rows = list(conn.execute(select(t.cases).where(t.cases.c.id.in_(case_ids))))
    kinds = {(r.business_line, r.case_type) for r in rows}
    assert kinds <= {("wealth", "wealth_dispute"), ("insurance", "insurance_dispute")}
    assert {"wealth", "insurance"} <= {k[0] for k in kinds}
    case = next(r for r in rows if r.business_line == "wealth")
    need = CaseNeed(CaseType.WEALTH_DISPUTE.value, "wealth")
    assert "wealth" in required_skills(need)
    good = _covering_team(container, case.branch_id, need)
    with container.uow() as uow:
        cmd = with_coverage(uow, TransitionCase(case.id, Command.ASSIGN, 1, team_id=good))
        moved = transition_case(uow, DISPATCHER, cmd, container.policy)
        uow.commit()
    assert moved.state.value == "assigned" and moved.owner_team_id == good
    loans_only = f.team(container, case.branch_id, size=9)
    other = next(r for r in rows if r.business_line == "insurance")
    with container.uow() as uow, pytest.raises(GuardFailed):
        cmd = with_coverage(uow, TransitionCase(other.id, Command.ASSIGN, 1, team_id=loans_only))
        transition_case(uow, DISPATCHER, cmd, container.policy)
        uow.commit()


def _covering_team(c: Container, branch_id: int, need: CaseNeed) -> int:
    with c.uow(write=False) as uow:
        for team in uow.teams.teams_of_branch(branch_id):
            if team_covers(team, need, c.clock.now().date()):
                return int(team.id)
    raise AssertionError(f"no team of branch {branch_id} covers {need}")
