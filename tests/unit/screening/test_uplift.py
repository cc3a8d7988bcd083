"""Per-customer uplift: the two-model learner finds who gains from a visit, and Qini ranks a
good ordering above a random one; the history threshold decides model vs prior."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

from doorstep.evaluation.holdout_lock import LOCK_DAYS, locks
from doorstep.screening.uplift import (
    MIN_HOLDOUT,
    MIN_VISITED,
    backtest,
    enough_history,
    features,
    fit_two_model,
    qini_coefficient,
)


def _portfolio(n: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    bucket = rng.integers(1, 5, n)
    amount = rng.uniform(1000, 50000, n)
    risk = rng.uniform(0.1, 0.9, n)
    treated = rng.random(n) < 0.7
    uplift = np.where(bucket <= 2, 0.4, 0.02)
    y = (rng.random(n) < 0.2 + uplift * treated).astype(float)
    return features(risk, bucket, amount), treated, y, uplift, risk * amount


def test_two_model_recovers_who_gains() -> None:
    """Customers in early buckets get a larger predicted uplift than late ones."""
    x, t, y, truth, _ = _portfolio(4000, np.random.default_rng(1))
    predicted = fit_two_model(x, t, y).predict(x)
    assert predicted[truth > 0.1].mean() > predicted[truth < 0.1].mean() + 0.25


def test_qini_ranks_truth_above_random_and_backtest_reports_baselines() -> None:
    """The true uplift scores a higher Qini than random (≈0); the backtest gives all three."""
    rng = np.random.default_rng(2)
    x, t, y, truth, base = _portfolio(3000, rng)
    assert qini_coefficient(truth, t, y) > qini_coefficient(rng.random(len(y)), t, y) + 0.02
    xt, tt, yt, _, bt = _portfolio(1500, rng)
    result = backtest(x, t, y, xt, tt, yt, bt, seed=3, random_draws=20)
    assert set(result.qini) == {"model", "random", "risk_x_amount"}
    assert result.qini["model"] > result.qini["risk_x_amount"]
    assert abs(result.qini["random"]) < 0.02


def test_history_threshold() -> None:
    """Below the threshold in either arm the ranking falls back to the prior."""
    assert not enough_history(np.array([True] * MIN_VISITED + [False] * (MIN_HOLDOUT - 1)))
    assert enough_history(np.array([True] * MIN_VISITED + [False] * MIN_HOLDOUT))


def test_holdout_lock_lasts_the_window_unless_lifted() -> None:
    """A holdout customer is locked until the longest window closes; a lift frees them."""
    held = [(7, 1, datetime(2026, 9, 1, 1)), (8, 1, datetime(2026, 9, 1, 1))]
    found = locks(held, {(8, 1)}, date(2026, 11, 2))
    assert found == {7: (1, date(2026, 9, 1) + timedelta(days=LOCK_DAYS))}
    assert locks(held, set(), date(2026, 12, 1)) == {}


def test_ranking_uses_each_customers_uplift_with_a_chinese_reason() -> None:
    """With the model, benefit = own uplift × amount (rules still gate) and each row says why."""
    import pandas as pd

    from doorstep.screening.records import SelectionRow
    from doorstep.screening.runs import explain_uplift, with_uplift

    candidates = pd.DataFrame({"customer_id": [1, 2], "amount_at_risk": [500.0, 20000.0],
                               "benefit_a": [1.0, -np.inf], "benefit_b": [1.0, -np.inf]})
    out = with_uplift(candidates, np.array([0.3, 0.1]), floor=1000.0)
    assert out["benefit_a"][0] == 300.0 and out["benefit_a"][1] == -np.inf
    assert out["benefit_b"][0] == 300.0
    row = SelectionRow(1, None, "loan", "overdue_debt", "champion", "selected", 1, 0.5, 0.3,
                       300.0, 500.0, ("r",), ({"code": "dpd", "text": "逾期"},))
    (explained,) = explain_uplift([row], candidates.iloc[:1], np.array([0.3]))
    assert explained.uplift == 0.3
    assert explained.reason_codes[-1]["text"].startswith("个体提升模型：上门预计使其 60 天内")
    assert explain_uplift([row], candidates, None) == [row]
