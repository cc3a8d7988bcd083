"""The escalation model: learns a known signal, calibrates, explains in Chinese, serialises."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from doorstep.core.errors import ValidationFailed
from doorstep.screening.model import (
    EscalationModel,
    MissingColumns,
    ModelMetrics,
    ModelParams,
    cross_validate,
    escalation_fitter,
    score_predictions,
    word,
)

FAST = ModelParams(n_estimators=80, learning_rate=0.1, min_child_samples=20)


def synthetic(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows where only days past due drives escalation; balance and complaints are noise."""
    rng = np.random.default_rng(seed)
    features = pd.DataFrame({
        "days_past_due": rng.integers(0, 181, n).astype(float),
        "balance": rng.normal(20_000, 5_000, n).round(2),
        "complaints_90d": rng.integers(0, 3, n),
        "strong_dissatisfaction": rng.random(n) < 0.2,
    })
    logit = (features["days_past_due"].to_numpy() - 90) / 25
    return features, (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)


@pytest.fixture(scope="module")
def model() -> EscalationModel:
    """A model fitted once on 3,000 synthetic rows."""
    features, target = synthetic(3000, seed=1)
    return EscalationModel.fit(features, target, FAST, seed=7)


def test_model_learns_the_known_signal(model: EscalationModel) -> None:
    """On fresh rows the model ranks escalations well (AUC > 0.85) with calibrated probabilities."""
    features, target = synthetic(2000, seed=2)
    predicted = model.predict_proba(features)
    assert roc_auc_score(target, predicted) > 0.85
    assert abs(predicted.mean() - target.mean()) < 0.05
    assert ((predicted >= 0) & (predicted <= 1)).all()


def test_reason_codes_name_the_informative_feature_in_chinese(model: EscalationModel) -> None:
    """For a long-overdue customer the first reason is days past due, worded in Chinese."""
    row = pd.DataFrame({"days_past_due": [170.0], "balance": [20_000.0],
                        "complaints_90d": [1], "strong_dissatisfaction": [False]})
    (reasons,) = model.reason_codes(row, top_k=2)
    assert reasons[0].feature == "days_past_due" and reasons[0].increases_risk
    assert reasons[0].text == "逾期天数较长（170天）"
    assert len(reasons) <= 2 and all(r.contribution > 0 for r in reasons)


def test_contributions_add_up_to_the_raw_score(model: EscalationModel) -> None:
    """TreeSHAP contributions plus bias equal the booster's log-odds for each row."""
    features, _ = synthetic(20, seed=3)
    contributions = model.contributions(features)
    booster = model.calibrated.calibrated_classifiers_[0].estimator
    raw = booster.predict(features[list(model.feature_names)], raw_score=True)
    np.testing.assert_allclose(contributions.sum(axis=1).to_numpy(), raw, rtol=1e-6, atol=1e-6)


def test_model_round_trips_through_bytes_with_its_metrics(model: EscalationModel) -> None:
    """A model stored as bytes predicts identically after loading and keeps its metrics."""
    features, target = synthetic(500, seed=4)
    metrics = score_predictions(target, model.predict_proba(features))
    restored = EscalationModel.from_bytes(model.with_metrics(metrics).to_bytes())
    np.testing.assert_array_equal(restored.predict_proba(features), model.predict_proba(features))
    assert restored.metrics == metrics and restored.describe()["metrics"]["auc"] == metrics.auc
    assert ModelMetrics.from_dict(metrics.to_dict()) == metrics
    with pytest.raises(ValidationFailed):
        EscalationModel.from_bytes(b"not a model")


def test_missing_and_non_numeric_features_are_refused(model: EscalationModel) -> None:
    """A missing column is named; a non-numeric value is named with its column and row."""
    features, _ = synthetic(5, seed=5)
    with pytest.raises(MissingColumns, match="balance") as caught:
        model.predict_proba(features.drop(columns="balance"))
    assert caught.value.columns == ["balance"]
    bad = features.astype({"balance": object})
    bad.loc[3, "balance"] = "很多"
    with pytest.raises(ValidationFailed, match="'balance' row 4"):
        model.predict_proba(bad)


def test_fit_refuses_a_bad_target() -> None:
    """A target that is not 0/1, has one class or the wrong length is refused."""
    features, target = synthetic(50, seed=6)
    for bad in (target * 2, np.zeros(50), target[:10]):
        with pytest.raises(ValidationFailed):
            EscalationModel.fit(features, bad, FAST, seed=7)


def test_cross_validation_reports_folds_brier_and_deciles() -> None:
    """Seeded k-fold CV gives one AUC per fold, their spread, a Brier score and ten deciles."""
    features, target = synthetic(1500, seed=8)
    metrics = cross_validate(features, target, escalation_fitter(FAST), folds=3, seed=7)
    assert len(metrics.fold_aucs) == 3 and metrics.auc > 0.85 and metrics.auc_sd is not None
    assert 0 < metrics.brier < 0.25 and len(metrics.calibration) == 10
    assert sum(b.n for b in metrics.calibration) == 1500
    rates = [b.mean_predicted for b in metrics.calibration]
    assert rates == sorted(rates) and metrics.calibration[-1].observed_rate > 0.8


def test_words_cover_units_flags_and_missing_values() -> None:
    """Ratios show as percentages, flags as 有/无, missing values as 缺失, unknown names as is."""
    assert word("utilisation", 0.953, typical=0.4) == "额度使用率较高（95%）"
    assert word("strong_dissatisfaction", 1.0, typical=0.0) == "有强烈不满情绪"
    assert word("overdue_amount", None, typical=0.0) == "逾期金额缺失"
    trend = word("delinquency_trend", 30.0, typical=0.0)
    assert trend == "逾期趋势（近3个月对比前3个月）恶化（+30天）"
    assert word("shoe_size", 42.0, typical=42.0) == "shoe_size处于常见水平（42）"


def test_model_params_validate_and_load_from_toml(tmp_path: Path) -> None:
    """Parameters refuse nonsense and load from a TOML file."""
    with pytest.raises(ValidationFailed):
        ModelParams(learning_rate=0)
    with pytest.raises(ValidationFailed):
        ModelParams(calibration="magic")  # type: ignore[arg-type]
    path = tmp_path / "model.toml"
    path.write_text('n_estimators = 50\ncalibration = "sigmoid"\n', encoding="utf-8")
    assert ModelParams.from_toml(path) == ModelParams(n_estimators=50, calibration="sigmoid")
    path.write_text("colour = 1\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="cannot read"):
        ModelParams.from_toml(path)
