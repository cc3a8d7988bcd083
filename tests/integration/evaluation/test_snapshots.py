"""KPI snapshots against a real database: identical to live, never stale, scoped by branch."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.clock import FixedClock
from doorstep.core.errors import PermissionDenied
from doorstep.evaluation import refresh, service
from doorstep.evaluation.model import Dimension, Period
from doorstep.store import tables as t
from doorstep.store.tables_evaluation import kpi_snapshots
from doorstep.store.tables_screening import screening_selections
from tests import factories as f
from tests.integration.evaluation.known_bank import EXPECTED, known_bank, screening

OCTOBER = Period.month("2026-10")
HOUR = timedelta(minutes=60)
DIMENSIONS = tuple(Dimension)


@pytest.fixture
def bank(container: Container) -> dict[str, Any]:
    return known_bank(container, {"pm": (Role.PROGRAMME_MANAGER, None),
                                  "analyst": (Role.ANALYST, None),
                                  "ft_analyst": (Role.ANALYST, "FT01")})


def _view(c: Container, who: str, plan: int, period: Period,
          max_age: timedelta | None = HOUR) -> service.DashboardView:
    with c.uow(write=False) as uow:
        return service.dashboard_view(uow, f.principal(c, who), plan, period, DIMENSIONS,
                                      max_age)


def _refresh(c: Container, who: str, plan: int, period: Period,
             branch: int | None = None) -> None:
    with c.uow() as uow:
        refresh.refresh_view(uow, replace(f.principal(c, who), branch_id=branch), plan, period)
        uow.commit()


@pytest.mark.parametrize("who", ["pm", "ft_analyst"])
def test_snapshot_equals_live_exactly(container: Container, bank: dict[str, Any],
                                      who: str) -> None:
    """Every KPI, goal, breakdown and trend served from a snapshot equals the live figure."""
    with container.uow() as uow:
        assert refresh.refresh_plan(uow, f.principal(container, "pm"), bank["plan"]) == 3
        uow.commit()
    for branch in (None, bank["ft"]):
        _refresh(container, "pm", bank["plan"], OCTOBER, branch)
    for period in (OCTOBER, Period.parse("2026-10-01", "2026-12-31")):
        snap = _view(container, who, bank["plan"], period)
        live = _view(container, who, bank["plan"], period, max_age=None)
        assert snap.as_of_label == "2026-11-02 10:00" and live.as_of_label == ""
        if who == "pm" and period == OCTOBER:
            assert {"cases": snap.kpis.counts.cases, **snap.kpis.values} == pytest.approx(
                EXPECTED)
        assert snap.kpis.counts == live.kpis.counts and snap.kpis.values == live.kpis.values
        assert snap.kpis.goals == live.kpis.goals and snap.trend == live.trend
        assert snap.by == live.by


def test_stale_snapshot_is_not_served(container: Container, bank: dict[str, Any]) -> None:
    """A snapshot older than kpi_snapshot_minutes gives way to the live figures."""
    _refresh(container, "pm", bank["plan"], OCTOBER)
    with container.engine.begin() as conn:
        conn.execute(insert(t.compliance_exceptions).values(
            case_id=bank["c1"], rule="call_hours", detail="test", approver="pm",
            reason="test", actor="pm", at=OCTOBER.begins + timedelta(days=3)))
    fresh = _view(container, "pm", bank["plan"], OCTOBER)
    assert fresh.as_of_label and fresh.kpis.counts.compliance_exceptions == EXPECTED[
        "compliance_exceptions"]
    clock = container.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(minutes=59))
    assert _view(container, "pm", bank["plan"], OCTOBER).as_of_label
    clock.advance(timedelta(minutes=1))
    stale = _view(container, "pm", bank["plan"], OCTOBER)
    assert stale.as_of_label == ""
    assert stale.kpis.counts.compliance_exceptions == EXPECTED["compliance_exceptions"] + 1


def test_branch_user_never_gets_whole_bank_snapshot(container: Container,
                                                    bank: dict[str, Any]) -> None:
    """A branch user is served only their branch's snapshot, never the whole bank's."""
    _refresh(container, "pm", bank["plan"], OCTOBER)
    branch = _view(container, "ft_analyst", bank["plan"], OCTOBER)
    assert branch.as_of_label == "" and branch.kpis.counts.cases == 4
    assert _view(container, "analyst", bank["plan"], OCTOBER).kpis.counts.cases == 5
    with container.uow() as uow:
        refresh.refresh_plan(uow, f.principal(container, "pm"), bank["plan"])
        uow.commit()
    with container.uow(write=False) as uow:
        scopes = {r[0] for r in uow.conn.execute(select(kpi_snapshots.c.branch_id))}
    assert scopes == {None, bank["ft"], bank["ns"]}


def test_refresh_needs_plan_manage(container: Container, bank: dict[str, Any]) -> None:
    """Only a plan manager may recompute snapshots; an analyst is refused."""
    with container.uow() as uow, pytest.raises(PermissionDenied):
        refresh.refresh_view(uow, f.principal(container, "analyst"), bank["plan"], OCTOBER)
        uow.commit()


def test_refresh_plan_is_idempotent(container: Container, bank: dict[str, Any]) -> None:
    """Refreshing twice replaces each key's snapshot instead of adding another."""
    for _ in range(2):
        with container.uow() as uow:
            refresh.refresh_plan(uow, f.principal(container, "pm"), bank["other_plan"])
            uow.commit()
    with container.uow(write=False) as uow:
        n = uow.conn.execute(select(func.count()).select_from(kpi_snapshots)).scalar_one()
    assert n == 2  # the whole bank and Nanshan, the only branch the plan covers


def test_effect_from_snapshot_equals_live(container: Container, bank: dict[str, Any]) -> None:
    """The effect of visits served from the plan-period snapshot equals the live one."""
    cu = bank["customers"]
    run = screening(container, bank["plan"], [(cu[0], "champion", bank["c1"]),
                                        (cu[2], "challenger", bank["c3"])], [cu[6]])
    pm = f.principal(container, "pm")
    with container.uow() as uow:
        refresh.refresh_plan(uow, pm, bank["plan"])
        uow.commit()
    with container.engine.begin() as conn:  # a later change the snapshot does not see
        conn.execute(insert(screening_selections).values(
            run_id=run, customer_id=cu[8], business_line="loan", case_type="overdue_debt",
            arm="holdout", outcome_group="holdout", risk=0.5, expected_benefit=1.0,
            amount_at_stake=1000, matched_rules=[], reason_codes=[]))
    with container.uow(write=False) as uow:
        snap = service.effect_of_visits(uow, pm, bank["plan"], max_age=HOUR)
        live = service.effect_of_visits(uow, pm, bank["plan"])
    assert (snap.visits.treated_n, snap.visits.control_n) == (2, 1)
    assert live.visits.control_n == 2
    container.clock.advance(HOUR)  # type: ignore[attr-defined]
    with container.uow(write=False) as uow:
        again = service.effect_of_visits(uow, pm, bank["plan"], max_age=HOUR)
    assert again == live
    with container.uow() as uow:
        refresh.refresh_plan(uow, pm, bank["plan"])
        uow.commit()
    with container.uow(write=False) as uow:
        assert service.effect_of_visits(uow, pm, bank["plan"], max_age=HOUR) == live
