"""The escalation model: calibrated gradient boosting with Chinese reason codes, and its metrics.

``EscalationModel.fit(features, target, seed=7)`` learns from a DataFrame of our features;
``predict_proba`` gives calibrated probabilities, ``reason_codes`` the top contributions worded in
Chinese, ``to_bytes`` / ``from_bytes`` a storable version. ``uci`` maps the public UCI credit-card
data set onto our features so the same code can prove itself on real data.
"""

from doorstep.screening.model.escalation import EscalationModel, ModelParams, RiskModel
from doorstep.screening.model.evaluation import (
    RawBaseline,
    cross_validate,
    escalation_fitter,
    holdout_evaluate,
)
from doorstep.screening.model.frames import MissingColumns
from doorstep.screening.model.metrics import CalibrationBin, ModelMetrics, score_predictions
from doorstep.screening.model.reasons import FEATURE_PHRASES, ReasonCode, word

__all__ = [
    "FEATURE_PHRASES",
    "CalibrationBin",
    "EscalationModel",
    "MissingColumns",
    "ModelMetrics",
    "ModelParams",
    "RawBaseline",
    "ReasonCode",
    "RiskModel",
    "cross_validate",
    "escalation_fitter",
    "holdout_evaluate",
    "score_predictions",
    "word",
]
