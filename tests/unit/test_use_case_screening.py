"""Run screening over the in-memory unit of work: a real DuckDB engine and a small fitted
model on a synthetic bank, the repositories faked in memory (tests/unit/fakes_screening.py).

Integration twin on SQLite and PostgreSQL: tests/integration/screening/test_runs.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest

from doorstep.core.access import Principal, Role
from doorstep.core.errors import PermissionDenied
from doorstep.screening.features import INPUT_TABLES, make_engine
from doorstep.screening.model import EscalationModel, ModelParams
from doorstep.screening.records import ModelVersion, PlanScope, Strategy
from doorstep.screening.runs import RunScreening, run_screening
from doorstep.screening.strategies import default_rule_sets
from doorstep.screening.training import training_frame
from tests.unit.fakes import FakeUnitOfWork

AS_OF = date(2026, 10, 31)
ANALYST = Principal(user_id=90, username="analyst_t", role=Role.ANALYST, branch_id=None)
CUSTOMERS = 160
BUDGET = 25


def _bank(n: int = CUSTOMERS, seed: int = 3) -> tuple[dict[str, pd.DataFrame], np.ndarray]:
    """One loan account per customer, 12 months of repayments ending at its days past due."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n + 1)
    dpd = rng.integers(0, 181, n)
    empty = {name: pd.DataFrame({c: pd.Series(dtype="int64" if k == "int" else object)
                                 for c, k in cols.items()})
             for name, cols in INPUT_TABLES.items()}
    months = [(int(a), m) for a in ids for m in range(12)]
    return {**empty,
            "customers": pd.DataFrame({"customer_id": ids, "branch_id": 1, "do_not_visit": 0,
                                       "under_regulator_complaint": 0}),
            "accounts": pd.DataFrame({"account_id": ids, "customer_id": ids,
                                      "business_line": "loan",
                                      "balance_cents": rng.integers(5_000_00, 90_000_00, n),
                                      "days_past_due": dpd,
                                      "overdue_cents": dpd * 100_00}),
            "repayments": pd.DataFrame({
                "account_id": [a for a, _ in months], "month_index": [m for _, m in months],
                "due_cents": 2_000_00, "paid_cents": [0 if dpd[a - 1] > 30 * (11 - m) else
                                                       2_000_00 for a, m in months],
                "days_past_due": [max(0, int(dpd[a - 1]) - 30 * (11 - m)) for a, m in months],
                "promise_broken": 0})}, dpd


def _uow(holdout_share: float = 0.2) -> tuple[FakeUnitOfWork, np.ndarray]:
    """A unit with one plan, one strategy (the shipped rules) and a current model fitted on
    the bank's own features (escalated: more than 90 days past due)."""
    inputs, dpd = _bank()
    features = make_engine("duckdb").run(inputs)
    x, y = training_frame(features, pd.Series(np.flatnonzero(dpd > 90) + 1))
    model = EscalationModel.fit(x, y, ModelParams(n_estimators=40, learning_rate=0.1,
                                                  min_child_samples=10), seed=7)
    at = datetime(2026, 10, 1, tzinfo=UTC)
    uow = FakeUnitOfWork()
    uow.screening.inputs = inputs
    uow.screening.plans[1] = PlanScope(1, "plan", ("loan",), (1,), BUDGET, holdout_share)
    uow.screening.models[1] = ModelVersion(1, 1, "current", {}, at, "unit", "pm",
                                           model.to_bytes())
    uow.screening.current_model = 1
    uow.screening.strategies[1] = Strategy(1, "default", 1, default_rule_sets(), None, {},
                                           "analyst_t", at)
    return uow, dpd


@pytest.fixture(scope="module")
def screened() -> tuple[FakeUnitOfWork, np.ndarray, int]:
    """One run of the use case on the fake (the engine and the model are real)."""
    uow, dpd = _uow()
    run_id = run_screening(uow, ANALYST, RunScreening(1, AS_OF, seed=7), make_engine("duckdb"))
    return uow, dpd, run_id


def test_run_screening_stores_a_draft_list_within_budget_and_leaves_the_commit(
        screened: tuple[FakeUnitOfWork, np.ndarray, int]) -> None:
    """A run stores one draft with at most the plan's budget selected, a random holdout,
    and its audit event, and commits nothing itself."""
    uow, _, run_id = screened
    (stored,) = uow.screening.runs
    rows = uow.screening.selected[run_id]
    groups = [r.outcome_group for r in rows]
    assert run_id == 1 and stored["status"] == "draft" and stored["plan_id"] == 1
    assert 0 < groups.count("selected") <= BUDGET and groups.count("holdout") > 0
    assert stored["summary"]["selected"] == groups.count("selected")
    assert uow.commits == 0 and uow.actions() == ["screening.run"] and uow.audited == []


def test_every_selected_customer_matches_a_rule_and_carries_its_reasons(
        screened: tuple[FakeUnitOfWork, np.ndarray, int]) -> None:
    """Only customers a loan rule matches are listed (the shipped rules: 30+ days past due
    here), each with the rules it matched and at least one reason code."""
    uow, dpd, run_id = screened
    listed = [r for r in uow.screening.selected[run_id]
              if r.outcome_group in ("selected", "holdout")]
    assert listed and all(dpd[r.customer_id - 1] >= 30 and r.matched_rules for r in listed)
    assert all(r.reason_codes for r in listed if r.outcome_group == "selected")
    assert all(r.business_line == "loan" and r.case_id is None for r in listed)


def test_customers_held_out_by_an_earlier_run_stay_out_of_the_list() -> None:
    """A customer in an earlier run's holdout whose window is still open is not screened
    again; the run counts the locked customers in its summary."""
    uow, dpd = _uow()
    locked = [int(c) for c in np.flatnonzero(dpd >= 120)[:5] + 1]
    approved = datetime(2026, 10, 20, tzinfo=UTC)  # 13 days before the fake's clock
    uow.evaluation.held = [(c, 99, approved) for c in locked]
    run_id = run_screening(uow, ANALYST, RunScreening(1, AS_OF, seed=7), make_engine("duckdb"))
    seen = {r.customer_id for r in uow.screening.selected[run_id]}
    assert len(locked) == 5 and seen.isdisjoint(locked)
    assert uow.screening.runs[0]["summary"]["holdout_locked"] == 5


def test_a_role_without_screening_run_is_refused_and_nothing_is_stored() -> None:
    """A dispatcher may not run screening: refused before anything is read or written."""
    uow, _ = _uow()
    dispatcher = Principal(user_id=2, username="disp", role=Role.DISPATCHER, branch_id=1)
    with pytest.raises(PermissionDenied):
        run_screening(uow, dispatcher, RunScreening(1, AS_OF, seed=7), make_engine("duckdb"))
    assert uow.screening.runs == [] and uow.actions() == []
