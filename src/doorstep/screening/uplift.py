"""Per-customer uplift (B1): a two-model learner and its Qini / AUUC backtest. Pure.

Trained on earlier randomised runs: one logistic model of the outcome (cured within the
window) among customers randomised to a visit, one among the holdout; a customer's uplift
is the difference of the two predictions. Features exist both for past selections and for
today's candidates: the escalation risk, the delinquency bucket and the amount at stake.

Qini: customers sorted by a score, best first; at each depth ``k`` the incremental cures
``Y_t(k) − Y_c(k)·N_t(k)/N_c(k)``. The Qini coefficient is the area between that curve and
the straight line of a random ranking, divided by the number of customers (0 for a random
ranking); AUUC is the mean of the curve (per customer) over all depths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

#: The ranking uses the model once this many randomised customers with a closed window
#: exist in each arm; below it, the plan's prior uplift (shown on the run page).
MIN_VISITED, MIN_HOLDOUT = 200, 80
FEATURES = ("risk", "bucket", "log_amount")


def features(risk: np.ndarray, dpd_bucket: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """The model's inputs, one row per customer, in :data:`FEATURES` order."""
    return np.column_stack([np.asarray(risk, float), np.asarray(dpd_bucket, float),
                            np.log1p(np.maximum(np.asarray(amount, float), 0.0))])


@dataclass
class TwoModel:
    """Outcome models for the visited and the holdout arm (T-learner)."""

    visited: object
    holdout: object

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Estimated uplift per row: P(outcome | visit) − P(outcome | no visit)."""
        p1 = self.visited.predict_proba(x)[:, 1]  # type: ignore[attr-defined]
        p0 = self.holdout.predict_proba(x)[:, 1]  # type: ignore[attr-defined]
        return np.asarray(p1 - p0, float)


def _arm_model(x: np.ndarray, y: np.ndarray) -> object:
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=500))
    if len(np.unique(y)) < 2:  # a constant arm: predict its rate
        model = _Constant(float(y.mean()) if len(y) else 0.0)
    else:
        model.fit(x, y)
    return model


@dataclass
class _Constant:
    rate: float

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return np.column_stack([np.full(len(x), 1 - self.rate), np.full(len(x), self.rate)])


def fit_two_model(x: np.ndarray, treated: np.ndarray, y: np.ndarray) -> TwoModel:
    """Fit one outcome model per arm."""
    t = np.asarray(treated, bool)
    return TwoModel(_arm_model(x[t], y[t]), _arm_model(x[~t], y[~t]))


def enough_history(treated: np.ndarray) -> bool:
    """Whether the randomised history is large enough for the per-customer model."""
    t = np.asarray(treated, bool)
    return int(t.sum()) >= MIN_VISITED and int((~t).sum()) >= MIN_HOLDOUT


def qini_curve(score: np.ndarray, treated: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Incremental outcomes at each depth 1..n, ranking by ``score`` (ties by position)."""
    order = np.argsort(-np.asarray(score, float), kind="stable")
    t, yy = np.asarray(treated, bool)[order], np.asarray(y, float)[order]
    n_t, n_c = np.cumsum(t), np.cumsum(~t)
    y_t, y_c = np.cumsum(yy * t), np.cumsum(yy * ~t)
    scale = np.divide(n_t, n_c, out=np.zeros(len(t)), where=n_c > 0)
    return np.asarray(y_t - y_c * scale, float)


def qini_coefficient(score: np.ndarray, treated: np.ndarray, y: np.ndarray) -> float:
    """Area between the Qini curve and the random line, per customer (0 = random)."""
    curve = qini_curve(score, treated, y)
    n = len(curve)
    if n == 0:
        return 0.0
    random_line = curve[-1] * np.arange(1, n + 1) / n
    return float((curve - random_line).sum() / n / n)


def auuc(score: np.ndarray, treated: np.ndarray, y: np.ndarray) -> float:
    """Mean incremental outcomes per customer over all depths."""
    curve = qini_curve(score, treated, y)
    return float(curve.mean() / len(curve)) if len(curve) else 0.0


@dataclass(frozen=True)
class Backtest:
    """Qini and AUUC of the model, a random ranking and risk × amount, on a held-out run."""

    train_n: tuple[int, int]
    test_n: tuple[int, int]
    qini: dict[str, float]
    auuc: dict[str, float]


def backtest(x_train: np.ndarray, t_train: np.ndarray, y_train: np.ndarray,
             x_test: np.ndarray, t_test: np.ndarray, y_test: np.ndarray,
             risk_amount: np.ndarray, seed: int = 7, random_draws: int = 200) -> Backtest:
    """Train on earlier runs, rank the held-out run three ways, measure each.

    The random baseline is the mean over ``random_draws`` seeded shuffles.
    """
    model = fit_two_model(x_train, t_train, y_train)
    rng = np.random.default_rng(seed)
    scores = {"model": model.predict(x_test), "risk_x_amount": np.asarray(risk_amount, float)}
    qini = {k: qini_coefficient(s, t_test, y_test) for k, s in scores.items()}
    area = {k: auuc(s, t_test, y_test) for k, s in scores.items()}
    draws = [rng.random(len(y_test)) for _ in range(random_draws)]
    qini["random"] = float(np.mean([qini_coefficient(d, t_test, y_test) for d in draws]))
    area["random"] = float(np.mean([auuc(d, t_test, y_test) for d in draws]))
    tt, tr = np.asarray(t_test, bool), np.asarray(t_train, bool)
    return Backtest((int(tr.sum()), int((~tr).sum())), (int(tt.sum()), int((~tt).sum())),
                    qini, area)
