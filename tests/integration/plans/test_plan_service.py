"""Plans against a real database: create, edit with versions, steps, audit and progress."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.errors import StaleVersion, ValidationFailed
from doorstep.evaluation.kpis import Goal, kpi_value
from doorstep.evaluation.service import plan_kpis
from doorstep.plans import service
from doorstep.plans.model import PlanDraft, StepDraft
from doorstep.store import tables as t
from tests import factories as f

DRAFT = PlanDraft("2026年第四季度个人贷款化解计划", date(2026, 10, 1), date(2026, 12, 31),
                  ("loan",), (), 200, 0.1,
                  (Goal("resolution_rate", ">=", 0.6), Goal("csat", ">=", 4.5),
                   Goal("visits_done", ">=", 3), Goal("nps", ">=", 10),
                   Goal("escalation_rate", "<=", 0.2), Goal("agreements_kept_rate", ">=", 0.7)),
                  (StepDraft("审批上门名单", date(2026, 10, 10)),
                   StepDraft("完成首轮上门", date(2026, 11, 20)),
                   StepDraft("中期评估", date(2026, 10, 20))))
AT = datetime(2026, 10, 20, 2, 0)


@pytest.fixture
def manager(container: Container) -> Any:
    f.user(container, "pm", Role.PROGRAMME_MANAGER)
    return f.principal(container, "pm")


def _create(c: Container, who: Any, draft: PlanDraft = DRAFT) -> int:
    with c.uow() as uow:
        done = service.create_plan(uow, who, draft)
        uow.commit()
        return done


def _actions(c: Container) -> list[str]:
    with c.engine.connect() as conn:
        return [r.action for r in conn.execute(select(t.audit_events.c.action))
                if r.action.startswith("plan.")]


def test_create_edit_and_stale_version(container: Container, manager: Any) -> None:
    """An edit bumps the version and keeps done steps; an edit on an old version is refused."""
    pid = _create(container, manager)
    with container.uow() as uow:
        step = uow.plans.get(pid).steps[0]
        service.mark_step_done(uow, manager, pid, step.id)
        uow.commit()
    edited = replace(DRAFT, name="新名称", steps=(replace(DRAFT.steps[0], id=step.id),))
    with container.uow() as uow:
        assert service.edit_plan(uow, manager, pid, edited, 1) == 2
        uow.commit()
    with container.uow() as uow, pytest.raises(StaleVersion):
        service.edit_plan(uow, manager, pid, replace(DRAFT, name="旧版本的修改"), 1)
        uow.commit()
    with container.uow(write=False) as uow:
        plan = uow.plans.get(pid)
    assert (plan.name, plan.version, len(plan.steps)) == ("新名称", 2, 1)
    assert plan.steps[0].done_at is not None
    assert _actions(container) == ["plan.created", "plan.step_done", "plan.edited"]


def test_an_invalid_plan_is_not_stored(container: Container, manager: Any) -> None:
    """A plan ending before it starts is refused and nothing is written."""
    with container.uow() as uow, pytest.raises(ValidationFailed):
        service.create_plan(uow, manager, replace(DRAFT, period_end=date(2026, 9, 1)))
        uow.commit()
    with container.uow(write=False) as uow:
        assert uow.plans.list() == []
    assert _actions(container) == []


def _seed_cases(c: Container, pid: int) -> None:
    ft = f.branch(c)
    team = f.team(c, ft)
    states = ["resolved", "resolved", "escalated", "assigned"]
    ids = [f.case(c, f.customer(c, ft, f"客户{i}"), ft, state=s, plan_id=pid,
                  case_no=f"AJ20261100000{i}") for i, s in enumerate(states)]
    f.case(c, f.customer(c, ft, "计划外"), ft, state="resolved", case_no="AJ2026110000099")
    for case_id in (ids[0], ids[0], ids[1]):
        f._insert(c, t.visits, case_id=case_id, team_id=team, staff_present=[1, 2],
                  created_at=AT)
    for case_id, csat, nps in ((ids[0], 5, 10), (ids[1], 4, 5)):
        f._insert(c, t.surveys, case_id=case_id, sent_at=AT, answered_at=AT, csat=csat, nps=nps)
    f._insert(c, t.agreements, case_id=ids[0], kind="instalment",
              total_amount=Decimal("1000"), state="kept", created_at=AT)


def test_progress_figures_from_the_plans_cases(container: Container, manager: Any) -> None:
    """Progress counts only the plan's cases: known rates, CSAT, NPS, visits and steps."""
    pid = _create(container, manager)
    _seed_cases(container, pid)
    with container.uow(write=False) as uow:
        p = service.plan_progress(uow, manager, pid)
    values = {g.goal.metric: (g.actual, g.met) for g in p.goals}
    assert values["resolution_rate"] == (pytest.approx(2 / 3), True)
    assert values["csat"] == (4.5, True)
    assert values["visits_done"] == (3.0, True)
    assert values["nps"] == (0.0, False)
    assert values["escalation_rate"] == (0.25, False)
    assert values["agreements_kept_rate"] == (1.0, True)
    assert (p.counts.cases, p.counts.cases_visited) == (4, 2)
    assert (p.steps_done, p.steps_late, p.steps_open) == (0, 2, 1)  # today is 2026-11-02


def test_the_plan_page_and_the_dashboard_agree_on_contact_rate(container: Container,
                                                                 manager: Any) -> None:
    """A "not at home" visit is a visit made, not a contact (DESIGN §8): one of the two
    visited cases met its customer, so both the plan's progress (plan page) and the
    plan's KPIs (evaluation dashboard) give a contact rate of 1/2. The plan page used to
    count every visited case as contacted (2/2)."""
    pid = _create(container, manager, replace(DRAFT, goals=(Goal("contact_rate", ">=", 0.6),)))
    ft = f.branch(container)
    team = f.team(container, ft)
    away, met = (f.case(container, f.customer(container, ft, f"客户{i}"), ft, state="visited",
                        plan_id=pid, case_no=f"AJ20261100000{i}") for i in (1, 2))
    for case_id, outcome in ((away, "not_at_home"), (away, "not_at_home"),
                             (met, "resolved_explained")):
        f._insert(container, t.visits, case_id=case_id, team_id=team, staff_present=[1, 2],
                  outcome=outcome, created_at=AT)
    with container.uow(write=False) as uow:
        page = service.plan_progress(uow, manager, pid)
        board = plan_kpis(uow, manager, pid)
    (on_page,) = page.goals
    (on_board,) = board.goals
    assert (on_page.actual, on_page.met) == (0.5, False)
    assert (on_board.actual, on_board.met) == (0.5, False)
    assert board.values["contact_rate"] == kpi_value("contact_rate", page.counts) == 0.5
    assert (page.counts.visits_done, page.counts.cases_visited) == (3, 2)
