"""KPI snapshot documents: exact round trip, format guard and freshness window."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from doorstep.evaluation.model import KpiCounts, total
from doorstep.evaluation.snapshots import Figures, decode, encode, is_fresh

AT = datetime(2026, 11, 2, 2, 0)


def test_round_trip_is_exact() -> None:
    """Counts survive JSON exactly, in the same order, so totals add up identically."""
    cube = {(1, 2, "loan", 3): KpiCounts(cases=3, recovered=0.1 + 0.2, csat_sum=11.0),
            (1, None, "credit_card", 4): KpiCounts(cases=1, overdue=1234.56)}
    doc = json.loads(json.dumps(encode(Figures(cube, [("2026-10", 5)]))))
    back = decode(doc, AT)
    assert back is not None
    assert back.cube == cube and list(back.cube) == list(cube)
    assert total(back.cube) == total(cube) and back.trend == [("2026-10", 5)]
    assert back.as_of_label == "2026-11-02 10:00"  # shown in Beijing time


def test_other_format_is_ignored() -> None:
    """A document of another format version is not decoded (computed live instead)."""
    assert decode({"format": 0, "cube": [], "trend": []}, AT) is None


def test_freshness_window() -> None:
    """A snapshot is fresh strictly under max_age and never when dated in the future."""
    now = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    hour = timedelta(hours=1)
    assert is_fresh(AT + timedelta(minutes=1), now, hour)
    assert not is_fresh(AT, now, hour)
    assert not is_fresh(AT + timedelta(hours=2), now, hour)


def test_effect_round_trip_is_exact() -> None:
    """Stored effect figures (numpy numbers, missing values) come back equal to computed ones."""
    from doorstep.evaluation.effect import EffectFigures, compare
    from doorstep.evaluation.itt import HOLDOUT, VISIT, Unit

    def unit(i: int, arm: str, y: float) -> Unit:
        return Unit(i, 1, arm, arm, arm == VISIT, (float(i), 0.0),
                    {"cured_90": y, "repaid_90": y * 120.5})
    treated = [unit(i, VISIT, float(i % 2)) for i in range(40)]
    control = [unit(100 + i, HOLDOUT, float(i % 3 == 0)) for i in range(31)]
    f = EffectFigures(compare(treated, control, "拜访组", "对照组"),
                      compare([], control, "挑战者策略", "冠军策略"), [], 0.5, 2,
                      {"cured_90": 0.5}, 1, 0, 3, 1, 0.12)
    doc = json.loads(json.dumps(encode(Figures({}, [], effect=f))))
    back = decode(doc, AT)
    assert back is not None and back.effect == f
    assert back.effect.challenger.estimates[0].treated is None
