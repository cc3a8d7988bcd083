"""The time-based holdout: cut-off, labels on each side, the inputs key and the verdict."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from doorstep.core.errors import ValidationFailed
from doorstep.evaluation.improvement import retrain as rt
from doorstep.screening.model import ModelMetrics, ModelParams


def _events(days: list[tuple[int, date]]) -> pd.Series:
    rows = [(c, datetime.combine(d, datetime.min.time())) for c, d in days]
    return rt.first_outcomes(pd.DataFrame(rows, columns=["customer_id", "at"]))


def _features(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame({"customer_id": range(1, n + 1), "x": rng.normal(size=n)})


def test_first_outcome_per_customer_and_default_cutoff() -> None:
    """A customer's first escalation counts; the default cut-off leaves 70 % of outcomes
    on or before it."""
    first = _events([(1, date(2026, 1, d)) for d in (5, 3)]
                    + [(c, date(2026, 2, c)) for c in range(2, 11)])
    assert first[1].date() == date(2026, 1, 3)
    assert rt.default_cutoff(first) == date(2026, 2, 7)
    with pytest.raises(ValidationFailed):
        rt.default_cutoff(first.iloc[:0])


def test_split_labels_before_for_training_and_after_for_holdout() -> None:
    """Training labels are outcomes up to the cut-off; the holdout drops customers already
    escalated and labels those escalating after the cut-off up to as-of."""
    before = [(c, date(2026, 10, 1)) for c in range(1, 13)]
    after = [(c, date(2026, 11, 20)) for c in range(13, 25)]
    late = [(25, date(2026, 12, 5))]
    split = rt.time_split(_features(100), _events(before + after + late), date(2026, 11, 1),
                          date(2026, 11, 30), ["x"])
    assert split.counts() == {"train_rows": 100, "train_positives": 12, "test_rows": 88,
                              "test_positives": 12}


def test_split_refuses_too_few_outcomes_and_a_late_cutoff() -> None:
    """Fewer than ten outcomes on a side, or a cut-off not before as-of, is refused."""
    events = _events([(c, date(2026, 10, 1)) for c in range(1, 13)])
    with pytest.raises(ValidationFailed, match="too few"):
        rt.time_split(_features(100), events, date(2026, 11, 1), date(2026, 11, 30), ["x"])
    with pytest.raises(ValidationFailed):
        rt.time_split(_features(100), events, date(2026, 11, 30), date(2026, 11, 30), ["x"])


def test_inputs_key_changes_with_seed_and_data_only() -> None:
    """Same inputs give the same key; another seed or other labels give another."""
    rows = ([(c, date(2026, 10, 1)) for c in range(1, 13)]
            + [(c, date(2026, 11, 20)) for c in range(13, 25)])
    events = _events(rows)
    cut, end = date(2026, 11, 1), date(2026, 11, 30)
    split = rt.time_split(_features(100), events, cut, end, ["x"])
    again = rt.time_split(_features(100), events, cut, end, ["x"])
    key = rt.inputs_key(split, cut, end, 7, ModelParams())
    assert key == rt.inputs_key(again, cut, end, 7, ModelParams())
    assert key != rt.inputs_key(split, cut, end, 8, ModelParams())
    more = rt.time_split(_features(100), _events([*rows, (30, date(2026, 11, 21))]), cut, end,
                         ["x"])
    assert key != rt.inputs_key(more, cut, end, 7, ModelParams())


def _m(auc: float, brier: float) -> ModelMetrics:
    return ModelMetrics(auc=auc, brier=brier, n=100, positive_rate=0.1, calibration=())


def test_verdict_compares_auc_first_then_brier() -> None:
    """AUC up by ≥ 0.01 is better, down by ≥ 0.01 worse; within that, Brier decides."""
    assert rt.verdict(_m(0.80, 0.09), None) == "no_champion"
    assert rt.verdict(_m(0.82, 0.09), _m(0.80, 0.08)) == "better"
    assert rt.verdict(_m(0.78, 0.07), _m(0.80, 0.08)) == "worse"
    assert rt.verdict(_m(0.805, 0.07), _m(0.80, 0.08)) == "better"
    assert rt.verdict(_m(0.80, 0.08), _m(0.80, 0.08)) == "similar"
