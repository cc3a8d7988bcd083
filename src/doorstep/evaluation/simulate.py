"""Prove the effect estimator: portfolios with a known effect, run through the page's code.

Each simulated run draws ``customers`` customers with a pre-run repayment history (amount
paid in the three months before, current or not), randomises them into a visit arm and a
holdout exactly like a screening run (holdout share 20 %, a visit made for 85 % of the visit
arm), and gives each a 90-day cure with probability ``p_i + E·(assigned to a visit)`` where
``p_i`` depends on the history. The units then go through :func:`doorstep.evaluation.
effect.compare` — the estimator the effect page uses — and the 90-day cure estimate is
checked against ``E``: coverage (share of 95 % intervals containing ``E``), bias (mean
estimate − ``E``) and power (share of intervals excluding zero). Seeded; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from doorstep.evaluation.effect import HOLDOUT_GROUP, VISIT_GROUP, compare
from doorstep.evaluation.itt import HOLDOUT, VISIT, Unit

MEASURE = "cured_90"
HOLDOUT_SHARE = 0.2
COMPLIANCE = 0.85
MAX_EFFECT = 0.3


@dataclass(frozen=True)
class SimulationResult:
    """What ``doorstep evaluation simulate`` prints."""

    runs: int
    coverage: float
    bias: float
    power: float
    true_effect: float
    customers: int

    def as_dict(self) -> dict[str, float | int]:
        return {"runs": self.runs, "coverage": round(self.coverage, 4),
                "bias": round(self.bias, 5), "power": round(self.power, 4),
                "true_effect": self.true_effect, "customers": self.customers}


def portfolio(customers: int, effect: float, rng: np.random.Generator) -> list[Unit]:
    """One randomised portfolio whose true intention-to-treat effect on the cure is
    ``effect`` (base cure probabilities stay within [0.05, 0.65], so none is clipped)."""
    paid = rng.gamma(2.0, 1500.0, customers)
    current = rng.random(customers) < 0.35
    base = 0.05 + 0.35 * current + 0.25 * (1 - np.exp(-paid / 3000.0))
    treated = rng.random(customers) >= HOLDOUT_SHARE
    visited = treated & (rng.random(customers) < COMPLIANCE)
    cured = rng.random(customers) < base + effect * treated
    return [Unit(i, 1, VISIT if treated[i] else HOLDOUT, "champion" if treated[i] else
                 "holdout", bool(visited[i]), (float(paid[i]), float(current[i])),
                 {MEASURE: float(cured[i])}) for i in range(customers)]


def simulate(customers: int, effect: float, runs: int, seed: int) -> SimulationResult:
    """Coverage, bias and power of the page's estimator over ``runs`` portfolios.

    Parameters
    ----------
    customers : int
        Customers per portfolio (at least 50).
    effect : float
        True effect on the 90-day cure rate, in [-0.05, 0.3] (0.04 = 4 points).
    runs : int
        Portfolios simulated (at least 1).
    seed : int

    Returns
    -------
    SimulationResult
    """
    if customers < 50 or runs < 1 or not -0.05 <= effect <= MAX_EFFECT:
        raise ValueError("customers >= 50, runs >= 1 and -0.05 <= effect <= 0.3")
    rng = np.random.default_rng(seed)
    estimates, covered, significant = [], 0, 0
    for _ in range(runs):
        units = portfolio(customers, effect, rng)
        c = compare([u for u in units if u.assignment == VISIT],
                    [u for u in units if u.assignment == HOLDOUT], VISIT_GROUP, HOLDOUT_GROUP)
        e = c.get(MEASURE)
        if e is None or e.difference is None or e.low is None or e.high is None:
            continue
        estimates.append(e.difference)
        covered += e.low <= effect <= e.high
        significant += e.significant
    done = len(estimates)
    return SimulationResult(done, covered / done if done else 0.0,
                            float(np.mean(estimates)) - effect if done else 0.0,
                            significant / done if done else 0.0, effect, customers)
