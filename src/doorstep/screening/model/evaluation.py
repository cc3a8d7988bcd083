"""Measuring models honestly: seeded k-fold cross-validation and train/holdout evaluation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.screening.model.escalation import EscalationModel, ModelParams
from doorstep.screening.model.frames import numeric_frame, target_vector
from doorstep.screening.model.metrics import ModelMetrics, score_predictions


class Scorer(Protocol):
    """A fitted model that gives the probability of the event per row."""

    def predict_proba(self, features: pd.DataFrame) -> np.ndarray: ...


#: Fit a model on ``(features, target)`` with a seed.
Fitter = Callable[[pd.DataFrame, np.ndarray, int], Scorer]


#: OpenMP threads for scikit-learn's boosting: on a small shared machine one thread is both
#: fairer and much faster than oversubscribed spinning threads (20 s vs 0.3 s per fit seen).
THREADS = 1


class RawBaseline:
    """Plain scikit-learn gradient boosting with default settings: the yardstick to beat."""

    def __init__(self, features: pd.DataFrame, target: np.ndarray, seed: int) -> None:
        self.columns = list(features.columns)
        self.model = HistGradientBoostingClassifier(random_state=seed)
        with threadpool_limits(THREADS, user_api="openmp"):
            self.model.fit(numeric_frame(features, self.columns), target)

    def predict_proba(self, features: pd.DataFrame) -> np.ndarray:
        """Probability of the event per row."""
        x = numeric_frame(features, self.columns)
        with threadpool_limits(THREADS, user_api="openmp"):
            return np.asarray(self.model.predict_proba(x)[:, 1], dtype=float)


def escalation_fitter(params: ModelParams | None = None) -> Fitter:
    """A :data:`Fitter` that trains our calibrated :class:`EscalationModel`."""

    def fit(features: pd.DataFrame, target: np.ndarray, seed: int) -> Scorer:
        return EscalationModel.fit(features, target, params, seed=seed)

    return fit


def cross_validate(features: pd.DataFrame, target: np.ndarray, fitter: Fitter, *, folds: int,
                   seed: int, on_fold: Callable[[int], None] | None = None) -> ModelMetrics:
    """Seeded stratified k-fold cross-validation.

    Parameters
    ----------
    features : DataFrame
        Model inputs.
    target : ndarray of {0, 1}
        Outcomes.
    fitter : Fitter
        Trains a model on one fold's training rows.
    folds : int
        Number of folds (≥ 2).
    seed : int
        Seed of the fold assignment and of every model.
    on_fold : callable, optional
        Called with the fold number after each fold (for progress bars).

    Returns
    -------
    ModelMetrics
        Mean and standard deviation of the fold AUCs; Brier score and calibration table of the
        pooled out-of-fold predictions.
    """
    y = target_vector(target, len(features))
    if not 2 <= folds <= int(np.bincount(y).min()):
        raise ValidationFailed(N_("invalid folds %(folds)s (at least 2 and at most the rows of the "
                                  "smaller class)"), folds=folds)
    predicted = np.zeros(len(y))
    aucs = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for fold, (train, test) in enumerate(splitter.split(features, y), start=1):
        model = fitter(features.iloc[train], y[train], seed)
        predicted[test] = model.predict_proba(features.iloc[test])
        aucs.append(float(roc_auc_score(y[test], predicted[test])))
        if on_fold:
            on_fold(fold)
    return score_predictions(y, predicted, tuple(aucs))


def holdout_evaluate(train: pd.DataFrame, train_target: np.ndarray, test: pd.DataFrame,
                     test_target: np.ndarray, fitter: Fitter, *, seed: int) -> ModelMetrics:
    """Train on one data set and measure on another.

    Parameters
    ----------
    train, test : DataFrame
        Features of the training and holdout rows (same columns).
    train_target, test_target : ndarray of {0, 1}
        Their outcomes.
    fitter : Fitter
        Trains the model.
    seed : int
        Seed of the model.

    Returns
    -------
    ModelMetrics
        AUC, Brier score and calibration table on the holdout rows.
    """
    model = fitter(train, target_vector(train_target, len(train)), seed)
    return score_predictions(target_vector(test_target, len(test)), model.predict_proba(test))
