"""Discrimination and calibration metrics of a risk model: AUC, Brier score, decile table."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from sklearn.metrics import brier_score_loss, roc_auc_score

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_


@dataclass(frozen=True)
class CalibrationBin:
    """One decile of predicted risk: its size, mean prediction and observed event rate."""

    decile: int
    n: int
    mean_predicted: float
    observed_rate: float
    min_predicted: float
    max_predicted: float


@dataclass(frozen=True)
class ModelMetrics:
    """How well a model ranks (AUC) and how honest its probabilities are (Brier, deciles).

    ``auc_sd`` and ``fold_aucs`` are filled for cross-validation; ``n`` and ``positive_rate``
    describe the rows the metrics were computed on.
    """

    auc: float
    brier: float
    n: int
    positive_rate: float
    calibration: tuple[CalibrationBin, ...]
    auc_sd: float | None = None
    fold_aucs: tuple[float, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for storing a model version with its metrics)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelMetrics:
        """Inverse of :meth:`to_dict`."""
        bins = tuple(CalibrationBin(**b) for b in data["calibration"])
        return cls(**{**data, "calibration": bins, "fold_aucs": tuple(data.get("fold_aucs", ()))})


def calibration_table(target: ArrayLike, predicted: ArrayLike, bins: int = 10) -> tuple[
    CalibrationBin, ...
]:
    """Group rows into equal-sized bins by predicted risk and compare with observed rates.

    Parameters
    ----------
    target : array-like of {0, 1}
        Observed outcomes.
    predicted : array-like of float
        Predicted probabilities.
    bins : int, default 10
        Number of quantile bins (deciles by default).

    Returns
    -------
    tuple of CalibrationBin
        Lowest risk first. Rows are ranked by prediction (stable sort) then cut into ``bins``
        nearly equal groups, so ties never empty a bin.
    """
    y, p = np.asarray(target, float), np.asarray(predicted, float)
    order = np.argsort(p, kind="stable")
    table = []
    for decile, rows in enumerate(np.array_split(order, bins), start=1):
        if rows.size:
            table.append(CalibrationBin(decile, int(rows.size), round(float(p[rows].mean()), 4),
                                        round(float(y[rows].mean()), 4),
                                        round(float(p[rows].min()), 4),
                                        round(float(p[rows].max()), 4)))
    return tuple(table)


def score_predictions(target: ArrayLike, predicted: ArrayLike,
                      fold_aucs: tuple[float, ...] = ()) -> ModelMetrics:
    """AUC, Brier score and calibration table of probabilities against outcomes.

    Parameters
    ----------
    target : array-like of {0, 1}
        Observed outcomes; both classes must occur.
    predicted : array-like of float
        Predicted probabilities in [0, 1].
    fold_aucs : tuple of float, optional
        Per-fold AUCs, when the predictions are out-of-fold; ``auc`` is then their mean.

    Returns
    -------
    ModelMetrics
    """
    y, p = np.asarray(target, float), np.asarray(predicted, float)
    if len(np.unique(y)) != 2:
        raise ValidationFailed(N_("both outcomes must occur to score"))
    auc = float(np.mean(fold_aucs)) if fold_aucs else float(roc_auc_score(y, p))
    sd = float(np.std(fold_aucs, ddof=1)) if len(fold_aucs) > 1 else None
    return ModelMetrics(
        auc=round(auc, 4), brier=round(float(brier_score_loss(y, p)), 4), n=int(y.size),
        positive_rate=round(float(y.mean()), 4), calibration=calibration_table(y, p),
        auc_sd=None if sd is None else round(sd, 4),
        fold_aucs=tuple(round(a, 4) for a in fold_aucs),
    )
