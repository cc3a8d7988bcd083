"""Ranking, holdout, challenger share and budget: pure logic on arrays."""

from __future__ import annotations

import numpy as np
import pytest

from doorstep.core.errors import ValidationFailed
from doorstep.screening.ranking import (
    RankingParams,
    UpliftHistory,
    budgets,
    estimate_uplift,
    expected_benefit,
    rank_candidates,
)


def _ranking(n: int = 1000, seed: int = 7, **kw: float) -> tuple[np.ndarray, object]:
    ids = np.arange(1, n + 1)
    benefit = np.random.default_rng(1).random(n) * 1000
    params = RankingParams(visit_budget=int(kw.pop("budget", 90)), **kw)
    return benefit, rank_candidates(ids, benefit, benefit, params, seed)


def test_budget_caps_the_visited_list() -> None:
    """No more customers are selected than the plan's visit budget."""
    _, r = _ranking(budget=90, holdout_share=0.1)
    assert (r.group == "selected").sum() == 90  # type: ignore[attr-defined]


def test_holdout_share_is_kept_and_never_selected() -> None:
    """The holdout gets its proportional places and none of its members is selected."""
    _, r = _ranking(budget=90, holdout_share=0.1)
    holdout = r.arm == "holdout"  # type: ignore[attr-defined]
    assert (r.group[holdout] == "selected").sum() == 0  # type: ignore[attr-defined]
    assert (r.group == "holdout").sum() == 10  # type: ignore[attr-defined]


def test_same_seed_same_list_other_seed_other_holdout() -> None:
    """A run is deterministic for a seed; another seed draws another holdout."""
    _, a = _ranking(seed=7)
    _, b = _ranking(seed=7)
    _, c = _ranking(seed=8)
    assert (a.group == b.group).all() and (a.rank == b.rank).all()  # type: ignore[attr-defined]
    assert (a.arm != c.arm).any()  # type: ignore[attr-defined]


def test_champion_selects_the_highest_benefit() -> None:
    """Within the champion arm the selected customers have the highest expected benefit."""
    benefit, r = _ranking(budget=50, holdout_share=0.0)
    chosen = benefit[r.group == "selected"]  # type: ignore[attr-defined]
    others = benefit[r.group == "excluded"]  # type: ignore[attr-defined]
    assert chosen.min() >= others.max()


def test_challenger_arm_gets_its_share_of_the_budget() -> None:
    """A challenger share splits the budget between champion and challenger."""
    params = RankingParams(visit_budget=100, holdout_share=0.1, challenger_share=0.18)
    assert budgets(params) == {"champion": 80, "challenger": 20, "holdout": 11}


def test_not_matched_candidates_are_never_selected() -> None:
    """A candidate no rule selected (benefit -inf) is excluded even with budget left."""
    ids = np.arange(10)
    benefit = np.where(ids % 2 == 0, 1.0, -np.inf)
    r = rank_candidates(ids, benefit, benefit, RankingParams(visit_budget=10, holdout_share=0),
                        seed=1)
    assert set(ids[r.group == "selected"]) == {0, 2, 4, 6, 8}


def test_uplift_uses_prior_until_enough_history() -> None:
    """Uplift comes from visited vs holdout outcomes only with enough of both."""
    assert estimate_uplift(UpliftHistory(10, 1, 10, 5), prior=0.3) == 0.3
    assert estimate_uplift(UpliftHistory(100, 10, 100, 20)) == pytest.approx(0.5)


def test_expected_benefit_floors_the_amount() -> None:
    """Expected benefit is risk × max(amount, floor) × uplift."""
    got = expected_benefit(np.array([0.5, 0.5]), np.array([0.0, 10_000.0]), 0.2, 1000.0)
    assert got.tolist() == [100.0, 1000.0]


def test_bad_parameters_are_refused() -> None:
    """A negative budget or a share above one half is refused at construction."""
    with pytest.raises(ValidationFailed):
        RankingParams(visit_budget=-1)
    with pytest.raises(ValidationFailed):
        RankingParams(visit_budget=10, holdout_share=0.7)
