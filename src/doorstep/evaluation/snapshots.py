"""Precomputed dashboard figures (KPI snapshots): what is stored and when it is fresh.

A snapshot keeps the COUNTS of a plan's dashboard — the KPI cube per (plan, team, business
line, branch) and the visits per month — never the KPI values, so a page served from a
snapshot derives its KPIs, goals, breakdowns and charts with the same pure code as the live
path and shows exactly the same figures. The snapshot of a plan's own period may also keep
the effect of visits (both comparisons, seeded so they are reproducible); the verdicts are
derived from them again. Plain values; free of I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from doorstep.core.clock import local, utc
from doorstep.evaluation.effect import Comparison, EffectFigures, Estimate
from doorstep.evaluation.model import CubeKey, KpiCounts

#: Bumped when the stored shape changes; older snapshots are then ignored.
FORMAT = 2


@dataclass(frozen=True)
class Figures:
    """A dashboard's raw figures: the KPI cube, visits per month, and when they were
    computed (``as_of``; ``None`` when computed live for this request)."""

    cube: dict[CubeKey, KpiCounts]
    trend: list[tuple[str, int]]
    as_of: datetime | None = None
    #: The effect of visits, when stored with the figures.
    effect: EffectFigures | None = None

    @property
    def as_of_label(self) -> str:
        """``YYYY-MM-DD HH:MM`` in the bank's local time, or an empty string when live."""
        return "" if self.as_of is None else local(self.as_of).strftime("%Y-%m-%d %H:%M")


def encode(figures: Figures) -> dict[str, Any]:
    """The JSON document stored for ``figures`` (the cube keeps its order, so totals
    summed from a decoded snapshot add the groups in the same order as the live path)."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "cube": [[list(key), asdict(counts)] for key, counts in figures.cube.items()],
        "trend": [[month, n] for month, n in figures.trend]}
    if figures.effect is not None:
        doc["effect"] = _effect(figures.effect)
    return doc


def _comparison(c: Comparison) -> dict[str, Any]:
    return {"treated_name": c.treated_name, "control_name": c.control_name,
            "treated_n": c.treated_n, "control_n": c.control_n,
            "estimates": [{k: _plain(v) for k, v in asdict(e).items()} for e in c.estimates]}


def _effect(f: EffectFigures) -> dict[str, Any]:
    return {"visits": _comparison(f.visits), "challenger": _comparison(f.challenger),
            "cace": [{k: _plain(v) for k, v in asdict(e).items()} for e in f.cace],
            "compliance": _plain(f.compliance), "manual_n": f.manual_n,
            "manual_means": {k: _plain(v) for k, v in f.manual_means.items()},
            "lifted": f.lifted, "contaminated": f.contaminated, "repeats": f.repeats,
            "crossed": f.crossed, "mde": _plain(f.mde)}


def _decode_effect(d: dict[str, Any]) -> EffectFigures:
    return EffectFigures(
        _decode_comparison(d["visits"]), _decode_comparison(d["challenger"]),
        [Estimate(**e) for e in d["cace"]], d["compliance"], int(d["manual_n"]),
        {str(k): float(v) for k, v in d["manual_means"].items()}, int(d["lifted"]),
        int(d["contaminated"]), int(d["repeats"]), int(d["crossed"]), d["mde"])


def _plain(value: Any) -> Any:
    """numpy scalars as the Python numbers they equal (exactly)."""
    return value.item() if hasattr(value, "item") else value


def _decode_comparison(d: dict[str, Any]) -> Comparison:
    return Comparison(str(d["treated_name"]), str(d["control_name"]), int(d["treated_n"]),
                      int(d["control_n"]), [Estimate(**e) for e in d["estimates"]])


def decode(data: dict[str, Any], computed_at: datetime) -> Figures | None:
    """The figures of a stored document, or ``None`` if it has another format."""
    if data.get("format") != FORMAT:
        return None
    cube: dict[CubeKey, KpiCounts] = {}
    for key, counts in data["cube"]:
        plan, team, line, branch = key
        cube[(plan, team, str(line), branch)] = KpiCounts(**counts)
    trend = [(str(month), int(n)) for month, n in data["trend"]]
    effect = data.get("effect")
    return Figures(cube, trend, utc(computed_at),
                   None if effect is None else _decode_effect(effect))


def is_fresh(computed_at: datetime, now: datetime, max_age: timedelta) -> bool:
    """A snapshot may be served while it is younger than ``max_age`` (and not from the
    future, which would mean a clock problem)."""
    age = utc(now) - utc(computed_at)
    return timedelta(0) <= age < max_age
