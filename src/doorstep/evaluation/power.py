"""Intervals and power: the normal quantiles the estimator and the page use. Pure."""

from __future__ import annotations

import math

#: Two-sided 95 % and one-sided 80 % normal quantiles.
Z_95 = 1.959963984540054
Z_80 = 0.8416212335729143
#: Assumed share cured in the holdout when no history exists yet.
PRIOR_RATE = 0.3


def minimum_detectable_effect(n_treated: int, n_control: int,
                              base_rate: float = PRIOR_RATE) -> float | None:
    """Smallest difference in a rate a test at 5 % (two-sided) detects with 80 % power.

    Parameters
    ----------
    n_treated, n_control : int
        Customers randomised to a visit and to the holdout.
    base_rate : float, default PRIOR_RATE
        The rate expected without a visit (its spread sets the noise).

    Returns
    -------
    float or None
        In rate units (0.05 = 5 percentage points); None when an arm is empty.
    """
    if n_treated <= 0 or n_control <= 0:
        return None
    p = min(max(base_rate, 0.01), 0.99)
    return (Z_95 + Z_80) * math.sqrt(p * (1 - p) * (1 / n_treated + 1 / n_control))
