"""Uplift from the randomised history: the backtest and the per-customer ranking input.

:func:`backtest_latest` trains the two-model learner on every run approved before the
latest randomised run and measures Qini / AUUC on that run against a random ranking and
against risk × amount. :func:`customer_uplift` gives each of today's candidates an uplift
when the history is large enough (:data:`~doorstep.screening.uplift.MIN_VISITED` /
``MIN_HOLDOUT``), else None with the reason, so the run falls back to the prior.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from doorstep.core.clock import local
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, codes
from doorstep.core.uow import UnitOfWork
from doorstep.screening.holdout import UpliftRow, bucket
from doorstep.screening.uplift import (
    MIN_HOLDOUT,
    MIN_VISITED,
    Backtest,
    backtest,
    enough_history,
    features,
    fit_two_model,
)

MEASURE = "cured_60"


def history(uow: UnitOfWork, measure: str = MEASURE) -> list[UpliftRow]:
    """Every randomised customer of every approved run whose window has closed."""
    return uow.evaluation.uplift_rows(local(uow.clock.now()).date(), measure)


def _arrays(rows: list[UpliftRow]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = features(np.array([r.risk for r in rows]), np.array([r.bucket for r in rows]),
                 np.array([r.amount for r in rows]))
    return x, np.array([r.treated for r in rows], bool), np.array([r.outcome for r in rows])


@dataclass(frozen=True)
class BacktestReport:
    test_run: int
    train_runs: list[int]
    measure: str
    result: Backtest


def backtest_latest(uow: UnitOfWork, measure: str = MEASURE, seed: int = 7) -> BacktestReport:
    """Train on the runs approved before the latest run with closed outcomes; test on it."""
    rows = history(uow, measure)
    if not rows:
        raise ValidationFailed("no randomised run with a closed window yet")
    latest = max(rows, key=lambda r: (r.run_day, r.run_id))
    test = [r for r in rows if r.run_id == latest.run_id]
    train = [r for r in rows if r.run_day < latest.run_day]
    if not train:
        raise ValidationFailed("no earlier randomised run to train on")
    x, t, y = _arrays(train)
    xt, tt, yt = _arrays(test)
    base = np.array([r.risk * max(r.amount, 1000.0) for r in test])
    return BacktestReport(latest.run_id, sorted({r.run_id for r in train}), measure,
                          backtest(x, t, y, xt, tt, yt, base, seed))


#: Why a run ranked as it did, stored with the run as a code and its parameters.
codes({
    "screening.uplift.prior": N_(
        "Not enough randomised history (%(visited)s visited, %(holdout)s held out; needs "
        "%(need_v)s / %(need_h)s): ranked with the prior uplift"),
    "screening.uplift.model": N_(
        "Ranked by each customer's own uplift (two-model learner on the 60-day cure of "
        "%(visited)s visited and %(holdout)s held-out customers)"),
})


@dataclass(frozen=True)
class CustomerUplift:
    """Per-candidate uplift (None: fall back to the prior) and why: a message code and its
    parameters (stored with the run, translated on the page)."""

    values: np.ndarray | None
    note: dict[str, object]


def customer_uplift(uow: UnitOfWork, risk: np.ndarray, days_past_due: np.ndarray,
                    amount: np.ndarray) -> CustomerUplift:
    """Uplift of each candidate from the two-model learner, once enough history exists."""
    rows = history(uow)
    treated = np.array([r.treated for r in rows], bool)
    if not enough_history(treated):
        return CustomerUplift(None, {"code": "screening.uplift.prior",
                                     "visited": int(treated.sum()),
                                     "holdout": int((~treated).sum()),
                                     "need_v": MIN_VISITED, "need_h": MIN_HOLDOUT})
    x, t, y = _arrays(rows)
    model = fit_two_model(x, t, y)
    buckets = np.array([bucket(int(d)) for d in np.asarray(days_past_due, int)])
    values = np.clip(model.predict(features(risk, buckets, amount)), 0.0, 1.0)
    return CustomerUplift(values, {"code": "screening.uplift.model", "visited": int(t.sum()),
                                   "holdout": int((~t).sum())})
