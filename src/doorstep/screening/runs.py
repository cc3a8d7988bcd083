"""A screening run: features → rules → risk → expected benefit → ranked, budgeted list.

Nothing becomes a case here: the list waits for a person's approval (PIPL Art. 24).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from doorstep.cases.service import require
from doorstep.core.access import Permission, Principal
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import ValidationFailed
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation.holdout_lock import locked_customers
from doorstep.screening.features import MODEL_FEATURES, FeatureEngine
from doorstep.screening.model import EscalationModel
from doorstep.screening.ranking import (
    EXCLUDED,
    RankingParams,
    estimate_uplift,
    expected_benefit,
    rank_candidates,
)
from doorstep.screening.records import SelectionRow, Strategy
from doorstep.screening.scoring import case_type, compile_rule_sets, in_scope, match_rules
from doorstep.screening.uplift_history import customer_uplift

Progress = Callable[[str], None]


@dataclass(frozen=True)
class RunScreening:
    plan_id: int
    as_of: date
    seed: int
    strategy_id: int | None = None
    challenger_strategy_id: int | None = None
    challenger_share: float = 0.0


@dataclass(frozen=True)
class Scored:
    """One strategy's view of the candidates: rules matched, risk, benefit, the model."""

    matched: list[tuple[str, ...]]
    risk: np.ndarray
    benefit: np.ndarray
    model: EscalationModel


def _model(uow: UnitOfWork, strategy: Strategy) -> EscalationModel:
    model_id = strategy.model_version_id or uow.screening.current_model_id()
    if model_id is None:
        raise ValidationFailed("没有当前模型：请先训练并审批模型 / no current model: run "
                               "`doorstep screening train` and `promote`")
    return EscalationModel.from_bytes(uow.screening.model_version(model_id).blob)


def _score(uow: UnitOfWork, strategy: Strategy, candidates: pd.DataFrame,
           uplift: float) -> Scored:
    model = _model(uow, strategy)
    matched = match_rules(candidates, compile_rule_sets(strategy.rule_sets))
    risk = model.predict_proba(candidates[list(MODEL_FEATURES)].astype("float64")) \
        if len(candidates) else np.zeros(0)
    benefit = expected_benefit(risk, candidates["amount_at_risk"].to_numpy(float), uplift,
                               float(strategy.ranking.get("min_amount", 1000.0)))
    hit = np.array([bool(m) for m in matched], dtype=bool)
    return Scored(matched, risk, np.where(hit, benefit, -np.inf), model)


def _json(reason: dict[str, Any]) -> dict[str, Any]:
    """Numpy scalars to plain JSON values."""
    return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in reason.items()}


def _line(candidate: Any, lines: tuple[str, ...]) -> str:
    """The plan's business line this visit is about (the customer's main one when in plan)."""
    if candidate.business_line in lines:
        return str(candidate.business_line)
    return next((x for x in lines if int(candidate[f"has_{x}"]) == 1), lines[0])


def _rows(candidates: pd.DataFrame, champion: Scored, challenger: Scored, ranking: Any,
          uplift: float, lines: tuple[str, ...]) -> list[SelectionRow]:
    keep = np.flatnonzero(ranking.group != EXCLUDED)
    keep = np.union1d(keep, np.flatnonzero(np.isfinite(champion.benefit)))
    rows = []
    for arm_name in ("champion", "challenger", "holdout"):
        idx = [i for i in keep if ranking.arm[i] == arm_name]
        scored = challenger if arm_name == "challenger" else champion
        reasons = scored.model.reason_codes(
            candidates.iloc[idx][list(MODEL_FEATURES)].astype("float64")) if idx else []
        for i, why in zip(idx, reasons, strict=True):
            c = candidates.iloc[i]
            benefit, line = scored.benefit[i], _line(c, lines)
            rows.append(SelectionRow(
                customer_id=int(c.customer_id), account_id=None,
                business_line=line, arm=arm_name,
                case_type=case_type(line, int(c.days_past_due)),
                outcome_group=str(ranking.group[i]), rank=int(ranking.rank[i]) or None,
                risk=round(float(scored.risk[i]), 6), uplift=uplift,
                expected_benefit=round(float(benefit), 2) if np.isfinite(benefit) else 0.0,
                amount_at_stake=round(float(c.amount_at_risk), 2),
                matched_rules=scored.matched[i],
                reason_codes=tuple(_json(r.to_dict()) for r in why)))
    return rows


def _summary(rows: list[SelectionRow], n_customers: int, n_candidates: int,
             seconds: float) -> dict[str, Any]:
    def count(group: str, arm: str | None = None) -> int:
        return sum(r.outcome_group == group and (arm is None or r.arm == arm) for r in rows)
    return {"customers": n_customers, "candidates": n_candidates,
            "selected": count("selected", "champion"),
            "challenger": count("selected", "challenger"), "holdout": count("holdout"),
            "excluded": n_candidates - count("selected") - count("holdout"),
            "seconds": round(seconds, 2)}


def with_uplift(scored: Scored, values: np.ndarray, candidates: pd.DataFrame,
                floor: float) -> Scored:
    """Expected benefit = the customer's own uplift × amount at stake (where rules hit)."""
    amount = np.maximum(candidates["amount_at_risk"].to_numpy(float), floor)
    return replace(scored, benefit=np.where(np.isfinite(scored.benefit), values * amount,
                                            -np.inf))


def explain_uplift(rows: list[SelectionRow], candidates: pd.DataFrame,
                   values: np.ndarray | None) -> list[SelectionRow]:
    """Each row's own uplift and a Chinese reason, when the per-customer model ranked."""
    if values is None:
        return rows
    by_id = dict(zip(candidates["customer_id"].astype(int), values, strict=True))
    return [replace(r, uplift=round(float(by_id[r.customer_id]), 4), reason_codes=(
        *r.reason_codes, {"code": "uplift", "text": (
            f"个体提升模型：上门预计使其 60 天内逾期转正常的概率提高 "
            f"{by_id[r.customer_id] * 100:.1f} 个百分点")})) for r in rows]



def run_screening(uow: UnitOfWork, principal: Principal, cmd: RunScreening,
                  engine: FeatureEngine, progress: Progress | None = None) -> int:
    """Screen a plan's customers and store the explained, budgeted list (one transaction).

    Parameters
    ----------
    uow : UnitOfWork
    principal : Principal
        Needs ``screening.run``.
    cmd : RunScreening
        Plan, as-of day, seed, strategy (default: newest) and optional challenger.
    engine : FeatureEngine
    progress : callable, optional
        Told the name of each step as it starts.

    Returns
    -------
    int
        The run id; the run is a ``draft`` until approved.
    """
    require(principal, Permission.SCREENING_RUN)
    step = progress or (lambda _: None)
    started, now = time.perf_counter(), uow.clock.now()
    plan = uow.screening.plan(cmd.plan_id)
    champion_id = cmd.strategy_id or next(iter(uow.screening.strategy_ids()), None)
    if champion_id is None:
        raise ValidationFailed("尚无筛选策略 / no strategy yet: `doorstep screen strategy-create`")
    champion = uow.screening.strategy(champion_id)
    challenger = uow.screening.strategy(cmd.challenger_strategy_id) \
        if cmd.challenger_strategy_id else champion
    share = cmd.challenger_share if cmd.challenger_strategy_id else 0.0
    params = RankingParams(plan.visit_budget, plan.holdout_share, share,
                           float(champion.ranking.get("min_amount", 1000.0)))
    step("features")
    features = engine.run(uow.screening.feature_inputs(cmd.as_of, plan.branch_ids))
    candidates = in_scope(features, plan.business_lines)
    locked = locked_customers(uow)  # earlier runs' holdouts stay out until measured
    candidates = candidates[~candidates["customer_id"].isin(list(locked))]
    step("rules and risk")
    uplift = estimate_uplift(uow.screening.uplift_history(plan.business_lines),
                             float(champion.ranking.get("uplift_prior", 0.3)))
    scored_a = _score(uow, champion, candidates, uplift)
    scored_b = _score(uow, challenger, candidates, uplift) if share else scored_a
    custom = customer_uplift(uow, scored_a.risk, candidates["days_past_due"].to_numpy(float),
                             candidates["amount_at_risk"].to_numpy(float))
    if custom.values is not None:  # per-customer uplift (issue 17) replaces the prior
        floor = float(champion.ranking.get("min_amount", 1000.0))
        scored_a, scored_b = (with_uplift(s, custom.values, candidates, floor)
                              for s in (scored_a, scored_b))
    step("ranking")
    ids = candidates["customer_id"].to_numpy(dtype=np.int64)
    ranking = rank_candidates(ids, scored_a.benefit, scored_b.benefit, params, cmd.seed)
    step("reasons")
    rows = _rows(candidates, scored_a, scored_b, ranking, uplift, plan.business_lines)
    rows = explain_uplift(rows, candidates, custom.values)
    summary = _summary(rows, len(features), int(np.isfinite(scored_a.benefit).sum()),
                       time.perf_counter() - started)
    run_id = uow.screening.add_run({
        "plan_id": plan.id, "strategy_id": champion.id,
        "challenger_strategy_id": cmd.challenger_strategy_id, "challenger_share": share,
        "holdout_share": plan.holdout_share, "engine": engine.name, "seed": cmd.seed,
        "status": "draft", "summary": summary | {"as_of": cmd.as_of.isoformat(),
                                                 "holdout_locked": len(locked),
                                                 "uplift_note": custom.note},
        "started_at": now, "finished_at": uow.clock.now(), "started_by": principal.username})
    uow.screening.add_selections(run_id, rows)
    uow.audit(AuditEntry(principal.actor, "screening.run", "screening_run", str(run_id), None,
                         summary, now))
    uow.commit()
    return run_id
