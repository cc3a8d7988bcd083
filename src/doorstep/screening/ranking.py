"""Ranking, holdout, challenger share and the visit budget: pure, vectorised, seeded.

Every candidate is drawn at random (seeded) into one of three arms: ``holdout`` (kept
unvisited so evaluation can measure the effect), ``challenger`` (ranked by the challenger
strategy) or ``champion``. Within each arm candidates are ranked by expected benefit
(risk × amount at stake × uplift, ties by customer id); the visit budget is split between the
champion and challenger arms in proportion to their shares, and the holdout keeps as many
top-ranked candidates as it would have been given, so it is comparable with the visited group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_

SELECTED, HOLDOUT, EXCLUDED = "selected", "holdout", "excluded"
CHAMPION, CHALLENGER, HOLDOUT_ARM = "champion", "challenger", "holdout"


@dataclass(frozen=True)
class RankingParams:
    """How a run ranks and splits its candidates.

    Attributes
    ----------
    visit_budget : int
        Visits the plan pays for (champion + challenger).
    holdout_share : float
        Share of candidates drawn into the unvisited holdout, in [0, 0.5].
    challenger_share : float
        Share drawn into the challenger arm, in [0, 0.5].
    min_amount : float
        Floor of the amount at stake (yuan), so complaint-only customers still rank by risk.
    """

    visit_budget: int
    holdout_share: float = 0.10
    challenger_share: float = 0.0
    min_amount: float = 1000.0

    def __post_init__(self) -> None:
        if self.visit_budget < 0:
            raise ValidationFailed(N_("visit budget < 0: %(budget)s"), budget=self.visit_budget)
        for name in ("holdout_share", "challenger_share"):
            share = getattr(self, name)
            if not 0 <= share <= 0.5:
                raise ValidationFailed(N_("%(name)s must be in [0, 0.5]: %(share)s"), name=name,
                                       share=share)
        if self.min_amount < 0:
            raise ValidationFailed(N_("min_amount must not be negative"))


@dataclass(frozen=True)
class UpliftHistory:
    """Outcomes of earlier runs: escalations among visited and among holdout customers."""

    visited: int = 0
    visited_escalated: int = 0
    holdout: int = 0
    holdout_escalated: int = 0


def estimate_uplift(history: UpliftHistory, prior: float = 0.3, min_group: int = 30) -> float:
    """Relative reduction of escalation by a visit, from earlier visited vs holdout outcomes.

    Parameters
    ----------
    history : UpliftHistory
        Counts from earlier approved runs.
    prior : float, default 0.3
        Used while either group has fewer than ``min_group`` customers or the holdout never
        escalated.
    min_group : int, default 30

    Returns
    -------
    float
        In [0.01, 1]: ``1 - visited_rate / holdout_rate``.
    """
    if min(history.visited, history.holdout) < min_group or history.holdout_escalated == 0:
        return prior
    visited_rate = history.visited_escalated / history.visited
    holdout_rate = history.holdout_escalated / history.holdout
    return float(np.clip(1 - visited_rate / holdout_rate, 0.01, 1.0))


def expected_benefit(risk: np.ndarray, amount: np.ndarray, uplift: float,
                     min_amount: float) -> np.ndarray:
    """Risk × amount at stake (at least ``min_amount``) × uplift, per candidate."""
    benefit: np.ndarray = (np.asarray(risk, float) * np.maximum(np.asarray(amount, float),
                                                                min_amount) * uplift)
    return benefit


def assign_arms(customer_ids: np.ndarray, params: RankingParams, seed: int) -> np.ndarray:
    """Draw each candidate into an arm; depends only on the seed and the sorted customer ids."""
    order = np.argsort(customer_ids, kind="stable")
    draws = np.empty(len(customer_ids))
    draws[order] = np.random.default_rng(seed).random(len(customer_ids))
    arms = np.full(len(customer_ids), CHAMPION, dtype=object)
    arms[draws < params.holdout_share] = HOLDOUT_ARM
    challenger = (draws >= params.holdout_share) & (
        draws < params.holdout_share + params.challenger_share)
    arms[challenger] = CHALLENGER
    return arms


def _ranks(benefit: np.ndarray, customer_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    ranks = np.zeros(len(benefit), dtype=np.int64)
    idx = np.flatnonzero(mask)
    order = np.lexsort((customer_ids[idx], -benefit[idx]))
    ranks[idx[order]] = np.arange(1, len(idx) + 1)
    return ranks


def budgets(params: RankingParams) -> dict[str, int]:
    """Places per arm: the budget split champion/challenger, and the holdout's equal share."""
    visited_share = 1 - params.holdout_share
    challenger = round(params.visit_budget * params.challenger_share / visited_share)
    holdout = round(params.visit_budget * params.holdout_share / visited_share)
    return {CHAMPION: params.visit_budget - challenger, CHALLENGER: challenger,
            HOLDOUT_ARM: holdout}


@dataclass(frozen=True)
class Ranking:
    """Per candidate (same order as the input): arm, group, rank within the arm."""

    arm: np.ndarray
    group: np.ndarray
    rank: np.ndarray


def rank_candidates(customer_ids: np.ndarray, champion_benefit: np.ndarray,
                    challenger_benefit: np.ndarray, params: RankingParams, seed: int) -> Ranking:
    """Assign arms, rank each arm by its strategy's benefit and cap by the budget.

    Parameters
    ----------
    customer_ids : ndarray of int
        One per candidate, unique.
    champion_benefit, challenger_benefit : ndarray of float
        Expected benefit under each strategy; ``-inf`` where that strategy's rules do not
        select the candidate. The holdout is ranked by the champion's benefit.
    params : RankingParams
    seed : int

    Returns
    -------
    Ranking
        ``group`` is ``selected`` (to visit), ``holdout`` (kept unvisited) or ``excluded``.
    """
    ids = np.asarray(customer_ids)
    if len(np.unique(ids)) != len(ids):
        raise ValidationFailed(N_("duplicate candidate customer ids"))
    arms = assign_arms(ids, params, seed)
    benefit = np.where(arms == CHALLENGER, challenger_benefit, champion_benefit)
    eligible = np.isfinite(benefit)
    groups = np.full(len(ids), EXCLUDED, dtype=object)
    ranks = np.zeros(len(ids), dtype=np.int64)
    caps = budgets(params)
    for arm, cap in caps.items():
        mask = (arms == arm) & eligible
        arm_ranks = _ranks(benefit, ids, mask)
        ranks[mask] = arm_ranks[mask]
        groups[mask & (arm_ranks <= cap)] = HOLDOUT if arm == HOLDOUT_ARM else SELECTED
    return Ranking(arm=arms, group=groups, rank=ranks)
