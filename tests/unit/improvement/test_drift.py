"""PSI per feature: fixed quantile bins from the reference, epsilon for empty bins, levels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from doorstep.core.errors import ValidationFailed
from doorstep.evaluation.improvement.drift import (
    EPSILON,
    drift_level,
    drift_report,
    psi,
    quantile_edges,
)


def test_identical_populations_have_zero_psi() -> None:
    """A population compared with itself does not drift."""
    values = np.arange(1000, dtype=float)
    assert psi(values, values) == pytest.approx(0.0)


def test_two_bin_shift_matches_the_textbook_value() -> None:
    """Shares moving from 50/50 to 60/40 give 0.1·ln(1.2) + 0.1·ln(1.25) ≈ 0.0405."""
    reference = [0.0] * 50 + [1.0] * 50
    current = [0.0] * 60 + [1.0] * 40
    expected = 0.1 * math.log(0.6 / 0.5) + (-0.1) * math.log(0.4 / 0.5)
    assert psi(reference, current, bins=2) == pytest.approx(expected, abs=1e-9)
    assert round(expected, 4) == 0.0405


def test_empty_bins_count_as_epsilon_so_psi_stays_finite() -> None:
    """Quartile bins of 0..99: a current population only in the outer quartiles scores
    2·0.25·ln 2 + 2·(0.25−ε)·ln(0.25/ε), finite thanks to ε."""
    reference = np.arange(100, dtype=float)
    current = [10.0] * 50 + [90.0] * 50
    expected = 2 * 0.25 * math.log(2) + 2 * (0.25 - EPSILON) * math.log(0.25 / EPSILON)
    assert quantile_edges(reference, 4).tolist() == pytest.approx([24.75, 49.5, 74.25])
    assert psi(reference, current, bins=4) == pytest.approx(expected, rel=1e-9)


def test_bins_come_from_the_reference_not_the_current_population() -> None:
    """PSI is not symmetric: bins are fixed on the reference population."""
    a = np.arange(100, dtype=float)
    b = np.concatenate([np.arange(50, dtype=float), np.full(50, 200.0)])
    assert psi(a, b, bins=4) != pytest.approx(psi(b, a, bins=4))


def test_missing_values_form_their_own_bin() -> None:
    """Half the current values going missing is drift, even with the same known values."""
    reference = np.arange(100, dtype=float)
    current = np.concatenate([np.arange(0, 100, 2, dtype=float), np.full(50, np.nan)])
    assert psi(reference, current, bins=4) > 0.25


def test_levels_follow_the_thresholds() -> None:
    """Below 0.1 stable (稳定), 0.1 to 0.25 minor (轻微漂移), above 0.25 major (显著漂移)."""
    assert [drift_level(v) for v in (0.0, 0.099, 0.1, 0.25, 0.2501)] == [
        "stable", "stable", "minor", "minor", "major"]


def test_report_lists_every_feature_worst_first_with_chinese_levels() -> None:
    """The report has one row per feature, sorted by PSI, each labelled in Chinese."""
    rng = np.random.default_rng(7)
    reference = pd.DataFrame({"days_past_due": rng.integers(0, 90, 500),
                              "balance": rng.normal(1e4, 1e3, 500)})
    current = reference.assign(days_past_due=reference["days_past_due"] + 60)
    report = drift_report(reference, current, ["balance", "days_past_due"])
    assert [d.feature for d in report] == ["days_past_due", "balance"]
    assert report[0].label == "显著漂移" and report[1].label == "稳定"
    assert sum(report[0].reference_shares) == pytest.approx(1.0, abs=0.01)


def test_bad_input_is_refused() -> None:
    """Fewer than two bins, an empty population or a missing column are refused."""
    with pytest.raises(ValidationFailed):
        psi([1.0, 2.0], [1.0], bins=1)
    with pytest.raises(ValidationFailed):
        psi([1.0, 2.0], [])
    with pytest.raises(ValidationFailed):
        drift_report(pd.DataFrame({"a": [1]}), pd.DataFrame({"b": [1]}), ["a"])
