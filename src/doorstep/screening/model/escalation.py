"""The escalation model: gradient boosting, calibrated, with per-row reason codes.

LightGBM learns the risk of escalation (litigation or a complaint to the regulator) from the
features; :class:`~sklearn.calibration.CalibratedClassifierCV` (``ensemble=False``) turns its
scores into honest probabilities with a calibrator fitted on out-of-fold predictions, while one
booster fitted on all rows gives exact TreeSHAP contributions (``pred_contrib=True``) for the
reason codes. Calibration is monotone, so a contribution that raises the booster's score raises
the probability too.
"""

from __future__ import annotations

import io
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal, Protocol

import joblib
import numpy as np
import pandas as pd
from lightgbm import LGBMClassifier
from numpy.typing import ArrayLike
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import StratifiedKFold

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.screening.model.frames import numeric_frame, target_vector
from doorstep.screening.model.metrics import ModelMetrics
from doorstep.screening.model.reasons import ReasonCode, level_of, reason_msg

FORMAT = "doorstep.escalation-model/1"


class RiskModel(Protocol):
    """What screening needs from a model: probabilities and reasons."""

    def predict_proba(self, features: pd.DataFrame) -> np.ndarray: ...

    def reason_codes(self, features: pd.DataFrame, top_k: int = 3) -> list[tuple[ReasonCode, ...]]:
        ...


@dataclass(frozen=True)
class ModelParams:
    """Hyper-parameters of the booster and its calibration (defaults: regularised, small)."""

    n_estimators: int = 400
    learning_rate: float = 0.02
    num_leaves: int = 7
    min_child_samples: int = 100
    subsample: float = 0.8
    colsample_bytree: float = 0.7
    reg_lambda: float = 5.0
    calibration: Literal["isotonic", "sigmoid"] = "isotonic"
    calibration_folds: int = 3
    n_jobs: int = 1

    def __post_init__(self) -> None:
        positive = (self.n_estimators, self.learning_rate, self.num_leaves - 1,
                    self.min_child_samples, self.reg_lambda + 1, self.n_jobs)
        if min(positive) <= 0 or not 0 < self.subsample <= 1 or not 0 < self.colsample_bytree <= 1:
            raise ValidationFailed(N_("invalid model parameters: %(params)s"), params=str(self))
        if self.calibration not in ("isotonic", "sigmoid") or self.calibration_folds < 2:
            raise ValidationFailed(N_("bad calibration: the method must be isotonic or sigmoid, "
                                      "with at least 2 folds"))

    @classmethod
    def from_toml(cls, path: Path) -> ModelParams:
        """Load parameters from a TOML file (keys as the field names)."""
        try:
            return cls(**tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, TypeError, tomllib.TOMLDecodeError) as exc:
            raise ValidationFailed(N_("cannot read the model parameters %(path)s: %(error)s"),
                                   path=str(path), error=str(exc)) from exc

    def booster(self, seed: int) -> LGBMClassifier:
        """An unfitted LightGBM classifier with these parameters and ``seed``."""
        return LGBMClassifier(
            n_estimators=self.n_estimators, learning_rate=self.learning_rate,
            num_leaves=self.num_leaves, min_child_samples=self.min_child_samples,
            subsample=self.subsample, subsample_freq=1, colsample_bytree=self.colsample_bytree,
            reg_lambda=self.reg_lambda, random_state=seed, n_jobs=self.n_jobs, verbose=-1,
        )


class EscalationModel:
    """A fitted, calibrated escalation model; build it with :meth:`fit`.

    Attributes
    ----------
    feature_names : tuple of str
        The features, in training order.
    typical : dict
        Training medians, used to word reason codes (above / below typical).
    metrics : ModelMetrics or None
        Attach with :meth:`with_metrics` before storing a version.
    """

    def __init__(self, calibrated: Any, feature_names: Sequence[str], typical: dict[str, float],
                 params: ModelParams, seed: int) -> None:
        self.calibrated, self.feature_names = calibrated, tuple(feature_names)
        self.typical, self.params, self.seed = typical, params, seed
        self.metrics: ModelMetrics | None = None
        self.versions = {name: version(name) for name in ("lightgbm", "scikit-learn")}

    @classmethod
    def fit(cls, features: pd.DataFrame, target: ArrayLike, params: ModelParams | None = None,
            *, seed: int) -> EscalationModel:
        """Fit booster and calibrator.

        Parameters
        ----------
        features : DataFrame
            Numeric (or boolean) columns named as our features; NaN means missing.
        target : array-like of {0, 1}
            1 = the case escalated.
        params : ModelParams, optional
            Hyper-parameters; defaults when omitted.
        seed : int
            Seed of the booster and of the calibration folds.

        Returns
        -------
        EscalationModel
        """
        params = params or ModelParams()
        x = numeric_frame(features, list(features.columns))
        y = target_vector(target, len(x))
        folds = StratifiedKFold(params.calibration_folds, shuffle=True, random_state=seed)
        calibrated = CalibratedClassifierCV(params.booster(seed), method=params.calibration,
                                            cv=folds, ensemble=False)
        calibrated.fit(x, y)
        typical = {name: float(np.nan_to_num(x[name].median())) for name in x.columns}
        return cls(calibrated, list(x.columns), typical, params, seed)

    def predict_proba(self, features: pd.DataFrame) -> np.ndarray:
        """Calibrated probability of escalation per row."""
        x = numeric_frame(features, self.feature_names)
        return np.asarray(self.calibrated.predict_proba(x)[:, 1], dtype=float)

    def contributions(self, features: pd.DataFrame) -> pd.DataFrame:
        """TreeSHAP contribution of each feature to each row's log-odds (plus ``bias``)."""
        x = numeric_frame(features, self.feature_names)
        booster = self.calibrated.calibrated_classifiers_[0].estimator
        values = booster.predict(x, pred_contrib=True)
        return pd.DataFrame(values, columns=[*self.feature_names, "bias"], index=features.index)

    def reason_codes(self, features: pd.DataFrame, top_k: int = 3) -> list[tuple[ReasonCode, ...]]:
        """The ``top_k`` features that raise each row's risk most, worded in Chinese.

        Parameters
        ----------
        features : DataFrame
            Rows to explain.
        top_k : int, default 3
            Maximum reasons per row; only risk-raising contributions are given.

        Returns
        -------
        list of tuple of ReasonCode
            One tuple per row, strongest reason first.
        """
        if top_k < 1:
            raise ValidationFailed(N_("top_k must be ≥ 1, got %(k)s"), k=top_k)
        x = numeric_frame(features, self.feature_names).to_numpy()
        contributions = self.contributions(features).to_numpy()[:, :-1]  # without the bias
        strongest = np.argsort(-contributions, axis=1, kind="stable")[:, :top_k]
        return [
            tuple(self._reason(self.feature_names[j], x[i, j], contributions[i, j])
                  for j in columns if contributions[i, j] > 0)
            for i, columns in enumerate(strongest)
        ]

    def _reason(self, name: str, value: float, contribution: float) -> ReasonCode:
        shown = None if np.isnan(value) else float(value)
        level = level_of(shown, self.typical[name])
        return ReasonCode(name, shown, round(contribution, 4), str(reason_msg(name, shown, level)),
                          level)

    def with_metrics(self, metrics: ModelMetrics) -> EscalationModel:
        """Attach the metrics this model was measured with; returns ``self``."""
        self.metrics = metrics
        return self

    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary of the version: parameters, seed, features, metrics."""
        return {"format": FORMAT, "params": asdict(self.params), "seed": self.seed,
                "features": list(self.feature_names), "versions": self.versions,
                "metrics": self.metrics.to_dict() if self.metrics else None}

    def to_bytes(self) -> bytes:
        """Serialise (compressed joblib) for storage as a model version."""
        buffer = io.BytesIO()
        joblib.dump({"format": FORMAT, "model": self}, buffer, compress=3)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> EscalationModel:
        """Inverse of :meth:`to_bytes` (load only bytes this system stored)."""
        try:
            bundle = joblib.load(io.BytesIO(data))
        except Exception as exc:  # unpickling garbage can fail in many ways
            raise ValidationFailed(N_("unreadable model bytes: %(error)s"),
                                   error=repr(exc)) from exc
        if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
            raise ValidationFailed(N_("not an escalation model"))
        model = bundle["model"]
        if not isinstance(model, cls):
            raise ValidationFailed(N_("not an escalation model"))
        return model
