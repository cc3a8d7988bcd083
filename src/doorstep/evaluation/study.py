"""From a plan's stored selections and facts to the figures of the effect page. Pure.

:func:`units` turns selection rows and per-customer facts into :class:`~doorstep.evaluation.
itt.Unit` s (arm by the draw, outcomes over the closed windows, pre-run covariates);
:func:`analyse` runs the same estimator the simulation proves on them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

import numpy as np

from doorstep.core.clock import local, utc
from doorstep.evaluation.effect import (
    CHALLENGER,
    CHAMPION,
    HOLDOUT_GROUP,
    VISIT_GROUP,
    EffectFigures,
    compare,
    complier_effects,
)
from doorstep.evaluation.itt import HOLDOUT, MANUAL, VISIT, Unit, assignment, first_assignment
from doorstep.evaluation.outcomes import (
    History,
    baseline_dpd,
    bucket,
    pre_covariates,
    window_outcomes,
)
from doorstep.evaluation.ports import EffectFacts, EffectSelection
from doorstep.evaluation.power import PRIOR_RATE, minimum_detectable_effect
from doorstep.screening.holdout import UpliftRow

MDE_MEASURE = "cured_90"


def local_day(at: datetime) -> date:
    """The bank's calendar day of a stored (naive UTC) timestamp."""
    return local(utc(at)).date()


def _cap(summary: Any, arm: str) -> int | None:
    key = {"champion": "selected", "challenger": "challenger"}.get(arm)
    value = summary.get(key) if isinstance(summary, dict) and key else None
    return int(value) if isinstance(value, int | float) else None


def histories(facts: EffectFacts) -> dict[int, History]:
    """Each customer's :class:`History` from the repository's raw fact rows."""
    months: dict[int, list[tuple[date, float, int]]] = defaultdict(list)
    for cid, month, paid, dpd in facts.get("months", []):
        months[int(cid)].append((month, float(paid or 0), int(dpd or 0)))
    said: dict[int, list[date]] = defaultdict(list)
    for cid, at in facts.get("complaints", []):
        said[int(cid)].append(local_day(at))
    sued: dict[int, list[date]] = defaultdict(list)
    for cid, at in facts.get("litigation", []):
        sued[int(cid)].append(local_day(at))
    ids = set(months) | set(said) | set(sued)
    return {c: History(tuple(sorted(months[c])), tuple(said[c]), tuple(sued[c])) for c in ids}


def units(selections: list[EffectSelection], facts: EffectFacts, today: date) -> list[Unit]:
    """One unit per (run, customer) in the study: randomised or hand-added."""
    found = histories(facts)
    seen: dict[int, list[date]] = defaultdict(list)
    for cid, at in facts.get("visits", []):
        seen[int(cid)].append(local_day(at))
    lifted = {(int(c), int(r)) for c, r in facts.get("lifts", [])}
    out = []
    for run_id, approved_at, summary, cid, arm, group, rank, manual_by, *_ in selections:
        arm_of = assignment(str(arm), str(group), rank, _cap(summary, str(arm)), manual_by)
        if arm_of is None or approved_at is None:
            continue
        day, h = local_day(approved_at), found.get(int(cid), History())
        out.append(Unit(int(cid), int(run_id), arm_of, str(arm),
                        any(v >= day for v in seen[int(cid)]), pre_covariates(h, day),
                        window_outcomes(h, day, today), (int(cid), int(run_id)) in lifted))
    return out


def analyse(all_units: list[Unit]) -> EffectFigures:
    """ITT (visit arm vs holdout), challenger vs champion, CACE, contamination and MDE."""
    kept, repeats, crossed = first_assignment(all_units)
    visit = [u for u in kept if u.assignment == VISIT]
    held = [u for u in kept if u.assignment == HOLDOUT]
    manual = [u for u in kept if u.assignment == MANUAL]
    visits = compare(visit, held, VISIT_GROUP, HOLDOUT_GROUP)
    challenger = compare([u for u in visit if u.arm == "challenger"],
                         [u for u in visit if u.arm == "champion"], CHALLENGER, CHAMPION)
    randomised = visit + held
    compliance = None
    if visit and held:
        compliance = (float(np.mean([u.visited for u in visit]))
                      - float(np.mean([u.visited for u in held])))
    means = {}
    for m in {k for u in manual for k in u.outcomes}:
        values = [u.outcomes[m] for u in manual if m in u.outcomes]
        means[m] = float(np.mean(values))
    base = visits.get(MDE_MEASURE)
    rate = base.control if base is not None and base.control is not None else PRIOR_RATE
    return EffectFigures(
        visits, challenger, complier_effects(randomised), compliance, len(manual), means,
        sum(u.lifted for u in held), sum(u.visited for u in held), repeats, crossed,
        minimum_detectable_effect(len(visit), len(held), rate))


def uplift_rows(selections: list[EffectSelection], facts: EffectFacts, today: date,
                measure: str) -> list[UpliftRow]:
    """Randomised customers (first assignment only) whose ``measure`` window has closed."""
    found = histories(facts)
    by_key = {(int(r[3]), int(r[0])): r for r in selections}
    kept, _, _ = first_assignment(units(selections, facts, today))
    out = []
    for u in kept:
        if u.assignment == MANUAL or measure not in u.outcomes:
            continue
        row = by_key[(u.customer_id, u.run_id)]
        day = local_day(row[1])
        out.append(UpliftRow(u.run_id, day, u.assignment == VISIT, float(row[8] or 0),
                             bucket(baseline_dpd(found.get(u.customer_id, History()), day)),
                             float(row[9] or 0), u.outcomes[measure]))
    return out
