"""Intention to treat on the randomised customers, CUPED, and the effect of a visit made.

Who is in which arm is decided by the draw alone (:func:`assignment`): every customer the
draw selected for a visit — visited or not, removed by the analyst or not — is in the visit
arm; every customer drawn into the holdout is in the holdout arm; hand-added customers are
reported apart. A customer in several runs counts once, in the first run that randomised
them (:func:`first_assignment`).

The difference of means of each outcome is adjusted with CUPED (the pre-run repayment
history as covariates, one pooled regression) and gets a Neyman 95 % interval
(``diff ± 1.96 · sqrt(s²_t/n_t + s²_c/n_c)``). The complier average causal effect divides
the effect on the outcome by the effect of assignment on a visit being made (Wald, the
assignment as the instrument); it assumes assignment changes outcomes only through the
visit, and that nobody is visited *because* they were held out. Pure; no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from doorstep.evaluation.power import Z_95

VISIT, HOLDOUT, MANUAL = "visit", "holdout", "manual"


@dataclass(frozen=True)
class Unit:
    """One randomised (or hand-added) customer of a run and what happened after it."""

    customer_id: int
    run_id: int
    assignment: str  # visit | holdout | manual
    arm: str  # champion | challenger | holdout | manual
    visited: bool
    pre: tuple[float, ...]
    outcomes: dict[str, float] = field(default_factory=dict)
    lifted: bool = False  # a manager lifted this holdout customer's lock


@dataclass(frozen=True)
class Interval:
    """A difference (treated − control) with its 95 % interval."""

    difference: float
    low: float
    high: float
    se: float


def assignment(arm: str, group: str, rank: int | None, cap: int | None,
               manual_by: str | None) -> str | None:
    """The arm a selection row was randomised to, ``manual``, or None (not in the study).

    ``cap`` is the run's number of places for that arm at the draw (None when unknown: the
    row's group is then trusted, and a selected row with a manual editor is hand-added).
    """
    if arm == "manual":
        return MANUAL
    if arm == "holdout":
        return HOLDOUT if group == "holdout" else None
    if cap is not None and rank is not None:
        if rank <= cap:
            return VISIT
        return MANUAL if group == "selected" else None
    if group == "selected":
        return MANUAL if manual_by else VISIT
    return VISIT if group == "removed" else None


def first_assignment(units: list[Unit]) -> tuple[list[Unit], int, int]:
    """Each customer once: the first run that randomised them (else their first hand-added
    row); also how many customers appeared in several runs and how many of those were in
    both arms."""
    by_customer: dict[int, list[Unit]] = {}
    for u in units:
        by_customer.setdefault(u.customer_id, []).append(u)
    kept, repeats, crossed = [], 0, 0
    for rows in by_customer.values():
        randomised = [u for u in rows if u.assignment != MANUAL]
        kept.append(min(randomised or rows, key=lambda u: u.run_id))
        repeats += len({u.run_id for u in rows}) > 1
        crossed += len({u.assignment for u in randomised}) > 1
    return kept, repeats, crossed


def _adjusted(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """CUPED: ``y`` minus its pooled linear prediction from the centred covariates."""
    if x.size == 0 or x.shape[1] == 0:
        return y
    xc = x - x.mean(axis=0)
    keep = xc.std(axis=0) > 1e-12
    if not keep.any():
        return y
    xc = xc[:, keep]
    theta, *_ = np.linalg.lstsq(xc, y - y.mean(), rcond=None)
    return np.asarray(y - xc @ theta, float)


def _interval(a: np.ndarray, b: np.ndarray, scale: float = 1.0) -> Interval | None:
    if len(a) < 2 or len(b) < 2:
        return None
    diff = float(a.mean() - b.mean()) / scale
    se = math.sqrt(float(a.var(ddof=1)) / len(a) + float(b.var(ddof=1)) / len(b)) / abs(scale)
    return Interval(diff, diff - Z_95 * se, diff + Z_95 * se, se)


def itt(y: np.ndarray, treated: np.ndarray, pre: np.ndarray) -> Interval | None:
    """CUPED-adjusted difference in means (treated − control) with a Neyman 95 % interval.

    Parameters
    ----------
    y : ndarray of float
        One outcome per customer.
    treated : ndarray of bool
        Randomised to a visit (True) or to the holdout.
    pre : ndarray, shape (n, k)
        Pre-run covariates (k may be 0).
    """
    adj = _adjusted(np.asarray(y, float), np.asarray(pre, float).reshape(len(y), -1))
    return _interval(adj[treated], adj[~treated])


def cace(y: np.ndarray, treated: np.ndarray, visited: np.ndarray,
         pre: np.ndarray, min_compliance: float = 0.05) -> Interval | None:
    """Effect of a visit actually made on those who take one when assigned (Wald ratio with
    a delta-method interval); None when assignment barely changes who is visited."""
    d = np.asarray(visited, float)
    if treated.all() or not treated.any():
        return None
    first_stage = float(d[treated].mean() - d[~treated].mean())
    if first_stage < min_compliance:
        return None
    adj = _adjusted(np.asarray(y, float), np.asarray(pre, float).reshape(len(y), -1))
    ratio = float(adj[treated].mean() - adj[~treated].mean()) / first_stage
    resid = adj - ratio * d
    spread = _interval(resid[treated], resid[~treated], first_stage)
    if spread is None:
        return None
    return Interval(ratio, ratio - Z_95 * spread.se, ratio + Z_95 * spread.se, spread.se)


def arrays(units: list[Unit], measure: str) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                      np.ndarray]:
    """``(y, treated, visited, pre)`` of the units that have ``measure`` (window closed)."""
    have = [u for u in units if measure in u.outcomes]
    y = np.array([u.outcomes[measure] for u in have], float)
    treated = np.array([u.assignment == VISIT for u in have], bool)
    visited = np.array([u.visited for u in have], bool)
    width = len(have[0].pre) if have else 0
    pre = np.array([u.pre for u in have], float).reshape(len(have), width)
    return y, treated, visited, pre
