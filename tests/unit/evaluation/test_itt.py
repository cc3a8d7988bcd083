"""The effect estimator: outcomes over windows, arms by the draw, ITT with CUPED, CACE,
the detectable effect, plain-word verdicts and the simulation that proves it."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from doorstep.evaluation.effect import (
    MIN_GROUP,
    EffectFigures,
    caveats,
    compare,
    headline,
    verdict,
)
from doorstep.evaluation.itt import (
    HOLDOUT,
    MANUAL,
    VISIT,
    Unit,
    assignment,
    cace,
    first_assignment,
    itt,
)
from doorstep.evaluation.outcomes import History, bucket, pre_covariates, window_outcomes
from doorstep.evaluation.power import minimum_detectable_effect
from doorstep.evaluation.simulate import simulate

RUN = date(2026, 7, 1)


def _unit(i: int, arm: str, y: float, visited: bool | None = None, run: int = 1,
          pre: tuple[float, ...] = (0.0,)) -> Unit:
    return Unit(i, run, arm, "champion" if arm == VISIT else arm,
                arm == VISIT if visited is None else visited, pre, {"cured_90": y})


def test_outcomes_come_from_account_months_over_closed_windows() -> None:
    """A customer M2 at the run who pays up in August is cured at 60 and 90 days, not 30;
    the 90-day window is absent until it has closed."""
    h = History(months=((date(2026, 6, 1), 0.0, 45), (date(2026, 7, 1), 0.0, 75),
                        (date(2026, 8, 1), 900.0, 0), (date(2026, 9, 1), 300.0, 0)),
                complaints=(date(2026, 7, 20),), litigation=())
    out = window_outcomes(h, RUN, today=date(2026, 9, 15))
    assert out["cured_30"] == 0.0 and out["cured_60"] == 1.0 and "cured_90" not in out
    assert out["rolled_30"] == 1.0 and out["repaid_60"] == 900.0
    assert out["complaint_30"] == 1.0 and out["litigation_60"] == 0.0
    assert window_outcomes(h, RUN, today=date(2026, 9, 29))["repaid_90"] == 1200.0
    assert pre_covariates(h, RUN) == (0.0, 0.0) and bucket(75) == 3


def test_arms_follow_the_draw_not_the_edits() -> None:
    """Drawn for a visit (even if removed) is the visit arm; hand-added is apart; a holdout
    row is the holdout; a row beyond its arm's places is not in the study."""
    assert assignment("champion", "removed", 3, 10, "analyst") == VISIT
    assert assignment("champion", "selected", 12, 10, "analyst") == MANUAL
    assert assignment("champion", "excluded", 12, 10, None) is None
    assert assignment("manual", "selected", None, None, "analyst") == MANUAL
    assert assignment("holdout", "holdout", 2, 1, None) == HOLDOUT
    assert assignment("holdout", "excluded", 50, 1, None) is None
    assert assignment("challenger", "selected", None, None, None) == VISIT


def test_customer_in_several_runs_counts_once_in_the_first() -> None:
    """A customer held out in run 1 and drawn for a visit in run 2 stays in the holdout."""
    kept, repeats, crossed = first_assignment([_unit(1, VISIT, 1.0, run=2),
                                               _unit(1, HOLDOUT, 0.0, run=1),
                                               _unit(2, VISIT, 1.0, run=1)])
    assert sorted((u.customer_id, u.assignment) for u in kept) == [(1, HOLDOUT), (2, VISIT)]
    assert (repeats, crossed) == (1, 1)


def test_cuped_narrows_the_interval_and_keeps_the_estimate() -> None:
    """With a predictive pre-run covariate the interval is narrower and still unbiased."""
    rng = np.random.default_rng(3)
    n = 4000
    x = rng.normal(0, 1, n)
    treated = rng.random(n) < 0.8
    y = 2 * x + 0.3 * treated + rng.normal(0, 0.5, n)
    plain = itt(y, treated, np.zeros((n, 0)))
    cuped = itt(y, treated, x.reshape(n, 1))
    assert plain is not None and cuped is not None
    assert cuped.se < plain.se / 2 and cuped.low < 0.3 < cuped.high


def test_cace_scales_itt_by_who_was_visited() -> None:
    """Half the visit arm visited and a 10-point ITT give a 20-point effect of a visit made."""
    treated = np.array([True] * 2000 + [False] * 2000)
    visited = np.array([True, False] * 1000 + [False] * 2000)
    y = np.concatenate([np.where(visited[:2000], 0.6, 0.4), np.full(2000, 0.4)])
    y = y + np.tile([0.0, 0.0, 0.01, -0.01], 1000)
    found = cace(y, treated, visited, np.zeros((4000, 0)))
    assert found is not None and found.difference == pytest.approx(0.2, abs=1e-9)


def test_minimum_detectable_effect_shrinks_with_the_holdout() -> None:
    """A larger holdout detects a smaller effect; an empty arm detects nothing."""
    small = minimum_detectable_effect(900, 100, 0.3)
    large = minimum_detectable_effect(800, 200, 0.3)
    assert small is not None and large is not None and large < small
    assert small == pytest.approx(2.8016 * np.sqrt(0.21 * (1 / 900 + 1 / 100)), rel=1e-3)
    assert minimum_detectable_effect(100, 0) is None


def test_verdict_is_one_sentence_for_the_board() -> None:
    """A clear rise reads 「上门使 90 天内逾期转正常的比例提高 X 个百分点（95% 置信区间 a–b）」."""
    visit = [_unit(i, VISIT, float(i % 10 < 6)) for i in range(400)]
    held = [_unit(1000 + i, HOLDOUT, float(i % 10 < 3)) for i in range(400)]
    c = compare(visit, held, "拜访组", "对照组")
    e = c.get("cured_90")
    assert e is not None and e.significant
    text = verdict(e, c)
    assert text.startswith("上门使 90 天内逾期转正常的比例提高 30.0 个百分点（95% 置信区间 ")
    assert "–" in text and text.endswith("）。")
    assert headline(EffectFigures(c, compare([], [], "a", "b"))) == text


def test_small_or_contaminated_sample_carries_caveats() -> None:
    """Too few customers gives a warning instead of a verdict; lifts are named."""
    small = compare([_unit(i, VISIT, 1.0) for i in range(MIN_GROUP - 1)],
                    [_unit(100 + i, HOLDOUT, 0.0) for i in range(5)], "拜访组", "对照组")
    e = small.get("cured_90")
    assert e is not None and verdict(e, small).startswith("样本量不足（拜访组 29 人，对照组 5 人")
    notes = caveats(EffectFigures(small, small, lifted=2, contaminated=1, manual_n=3))
    assert any("对照组受到污染：2 名" in n for n in notes)
    assert any("人工添加的 3 名客户" in n for n in notes)


def test_simulation_covers_the_true_effect() -> None:
    """A small simulation through the page's estimator covers E with ~95 % and little bias
    (loose bound; the report gives R = 500)."""
    for effect in (0.0, 0.05):
        r = simulate(customers=600, effect=effect, runs=60, seed=11)
        assert r.runs == 60 and 0.85 <= r.coverage <= 1.0 and abs(r.bias) < 0.02
    with pytest.raises(ValueError):
        simulate(customers=10, effect=0.0, runs=1, seed=1)
