"""A screening run: snapshot → features → rules, risk, benefit → ranked, budgeted list.

The run writes the plan's portfolio as a Parquet snapshot; the engine (DuckDB here, or Spark
on its cluster) reads it, writes the features and the scores back as Parquet; the driver
reads only ids and benefits to rank, and the feature rows of the customers it keeps to
explain them. Nothing becomes a case here: the list waits for a person's approval (PIPL
Art. 24).
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, _
from doorstep.core.uow import UnitOfWork
from doorstep.screening.features import MODEL_FEATURES, FeatureEngine
from doorstep.screening.features.validate import normalise_output
from doorstep.screening.holdout import locked_customers
from doorstep.screening.lake import Storage, count_rows, read_frame, write_snapshot
from doorstep.screening.model import EscalationModel
from doorstep.screening.model.reasons import UPLIFT_REASON
from doorstep.screening.pipeline import Scorer, StrategyScore, ranked_digest, ranked_ids
from doorstep.screening.ranking import (
    EXCLUDED,
    Ranking,
    RankingParams,
    estimate_uplift,
    rank_candidates,
)
from doorstep.screening.records import SelectionRow, Strategy
from doorstep.screening.rules import CompiledRuleSet
from doorstep.screening.scoring import case_type, compile_rule_sets, match_rules
from doorstep.screening.uplift_history import CustomerUplift, customer_uplift

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
class Arm:
    """One strategy as the driver explains it: its model and compiled rule sets."""

    model: EscalationModel
    compiled: list[CompiledRuleSet]


def _model_blob(uow: UnitOfWork, strategy: Strategy) -> bytes:
    model_id = strategy.model_version_id or uow.screening.current_model_id()
    if model_id is None:
        raise ValidationFailed(N_("no current model: run `doorstep screening train` and "
                                  "`promote`"))
    return bytes(uow.screening.model_version(model_id).blob)


def _strategy_score(uow: UnitOfWork, strategy: Strategy) -> tuple[StrategyScore, Arm]:
    blob = _model_blob(uow, strategy)
    return (StrategyScore(blob, strategy.rule_sets,
                          float(strategy.ranking.get("min_amount", 1000.0))),
            Arm(EscalationModel.from_bytes(blob), compile_rule_sets(strategy.rule_sets)))


def _json(reason: dict[str, Any]) -> dict[str, Any]:
    """Numpy scalars to plain JSON values."""
    return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in reason.items()}


def _line(candidate: Any, lines: tuple[str, ...]) -> str:
    """The plan's business line this visit is about (the customer's main one when in plan)."""
    if candidate.business_line in lines:
        return str(candidate.business_line)
    return next((x for x in lines if int(candidate[f"has_{x}"]) == 1), lines[0])


def _rows(kept: pd.DataFrame, scores: pd.DataFrame, ranking: Ranking, arms: dict[str, Arm],
          uplift: float, lines: tuple[str, ...]) -> list[SelectionRow]:
    """Explained list rows of the kept candidates (``kept``, ``scores``, ``ranking`` aligned)."""
    rows = []
    for arm_name in ("champion", "challenger", "holdout"):
        idx = np.flatnonzero(ranking.arm == arm_name)
        if not len(idx):
            continue
        arm = arms["challenger" if arm_name == "challenger" else "champion"]
        suffix = "b" if arm_name == "challenger" else "a"
        part = kept.iloc[idx].reset_index(drop=True)
        matched = match_rules(part, arm.compiled)
        reasons = arm.model.reason_codes(part[list(MODEL_FEATURES)].astype("float64"))
        for k, (i, why) in enumerate(zip(idx, reasons, strict=True)):
            c = kept.iloc[i]
            benefit = float(scores[f"benefit_{suffix}"].iloc[i])
            line = _line(c, lines)
            rows.append(SelectionRow(
                customer_id=int(c.customer_id), account_id=None,
                business_line=line, arm=arm_name,
                case_type=case_type(line, int(c.days_past_due)),
                outcome_group=str(ranking.group[i]), rank=int(ranking.rank[i]) or None,
                risk=round(float(scores[f"risk_{suffix}"].iloc[i]), 6), uplift=uplift,
                expected_benefit=round(benefit, 2) if np.isfinite(benefit) else 0.0,
                amount_at_stake=round(float(c.amount_at_risk), 2),
                matched_rules=matched[k],
                reason_codes=tuple(_json(r.to_dict()) for r in why)))
    return rows


@contextmanager
def _place(storage: Storage | None) -> Iterator[tuple[Storage, str]]:
    """Where this run's snapshot, features and scores go (a temporary folder by default)."""
    if storage is not None:
        yield storage, f"runs/{uuid.uuid4().hex[:16]}"
        return
    with tempfile.TemporaryDirectory(prefix="doorstep-run-") as tmp:
        yield Storage(tmp), "run"


def _summary(rows: list[SelectionRow], n_customers: int, n_candidates: int,
             seconds: float) -> dict[str, Any]:
    def count(group: str, arm: str | None = None) -> int:
        return sum(r.outcome_group == group and (arm is None or r.arm == arm) for r in rows)
    return {"customers": n_customers, "candidates": n_candidates,
            "selected": count("selected", "champion"),
            "challenger": count("selected", "challenger"), "holdout": count("holdout"),
            "excluded": n_candidates - count("selected") - count("holdout"),
            "seconds": round(seconds, 2)}


def _own_uplift(uow: UnitOfWork, where: Storage, features: str,
                scores: pd.DataFrame) -> CustomerUplift:
    """The per-customer uplift of every scored customer (in ``scores``' order), or the note
    saying why the prior is used; reads only two feature columns back from Parquet."""
    ids = scores["customer_id"].to_numpy(np.int64)
    facts = read_frame(where, features, ["customer_id", "days_past_due", "amount_at_risk"],
                       ids=ids)
    facts = facts.astype({"customer_id": "int64"}).set_index("customer_id").reindex(ids)
    scores["amount_at_risk"] = facts["amount_at_risk"].to_numpy(float)
    return customer_uplift(uow, scores["risk_a"].to_numpy(float),
                           facts["days_past_due"].to_numpy(float),
                           scores["amount_at_risk"].to_numpy(float))


def with_uplift(scores: pd.DataFrame, values: np.ndarray, floor: float) -> pd.DataFrame:
    """Expected benefit = the customer's own uplift × amount at stake (where rules hit)."""
    amount = np.maximum(scores["amount_at_risk"].to_numpy(float), floor)
    out = scores.copy()
    for column in ("benefit_a", "benefit_b"):
        benefit = out[column].to_numpy(float)
        out[column] = np.where(np.isfinite(benefit), values * amount, -np.inf)
    return out


def explain_uplift(rows: list[SelectionRow], candidates: pd.DataFrame,
                   values: np.ndarray | None) -> list[SelectionRow]:
    """Each row's own uplift and a Chinese reason, when the per-customer model ranked."""
    if values is None:
        return rows
    by_id = dict(zip(candidates["customer_id"].astype(int), values, strict=True))
    return [replace(r, uplift=round(float(by_id[r.customer_id]), 4), reason_codes=(
        *r.reason_codes, {"code": "uplift", "points": round(by_id[r.customer_id] * 100, 1),
                          "text": _(UPLIFT_REASON,
                                    points=f"{by_id[r.customer_id] * 100:.1f}")})) for r in rows]



@dataclass(frozen=True)
class ComputedRun:
    """A run worked out and not yet stored: the run's row, its explained list, its summary."""

    values: dict[str, Any]
    rows: list[SelectionRow]
    summary: dict[str, Any]


def run_screening(uow: UnitOfWork, principal: Principal, cmd: RunScreening,
                  engine: FeatureEngine, progress: Progress | None = None,
                  storage: Storage | None = None) -> int:
    """Screen a plan's customers and store the explained, budgeted list (in ``uow``; the
    caller commits; see :func:`compute_run` and :func:`store_run` to read and write apart)."""
    return store_run(uow, principal, compute_run(uow, principal, cmd, engine, progress,
                                                 storage))


def store_run(uow: UnitOfWork, principal: Principal, run: ComputedRun) -> int:
    """Write a computed run, its list and its audit event (the caller commits: a short transaction).
    The run is a ``draft`` until approved; its id."""
    require(principal, Permission.SCREENING_RUN)
    run_id = uow.screening.add_run(run.values | {"finished_at": uow.clock.now()})
    uow.screening.add_selections(run_id, run.rows)
    uow.audit(AuditEntry(principal.actor, "screening.run", "screening_run", str(run_id), None,
                         run.summary, run.values["started_at"]))
    return run_id


def compute_run(uow: UnitOfWork, principal: Principal, cmd: RunScreening,
                engine: FeatureEngine, progress: Progress | None = None,
                storage: Storage | None = None) -> ComputedRun:
    """Screen a plan's customers into an explained, budgeted list; only reads ``uow`` (a
    read transaction will do, so a long run holds no write lock).

    Parameters
    ----------
    uow : UnitOfWork
    principal : Principal
        Needs ``screening.run``.
    cmd : RunScreening
        Plan, as-of day, seed, strategy (default: newest) and optional challenger.
    engine : FeatureEngine
        Reads the run's Parquet snapshot, writes features and scores as Parquet.
    progress : callable, optional
        Told the name of each step as it starts.
    storage : Storage, optional
        Where the snapshot, features and scores are kept (``DOORSTEP_SNAPSHOT_DIR``); by
        default a temporary folder removed after the run.

    Returns
    -------
    ComputedRun
        What :func:`store_run` writes.
    """
    require(principal, Permission.SCREENING_RUN)
    step = progress or (lambda _: None)
    started, now = time.perf_counter(), uow.clock.now()
    plan = uow.screening.plan(cmd.plan_id)
    champion_id = cmd.strategy_id or next(iter(uow.screening.strategy_ids()), None)
    if champion_id is None:
        raise ValidationFailed(N_("no strategy yet: `doorstep screen strategy-create`"))
    champion = uow.screening.strategy(champion_id)
    challenger = uow.screening.strategy(cmd.challenger_strategy_id) \
        if cmd.challenger_strategy_id else champion
    share = cmd.challenger_share if cmd.challenger_strategy_id else 0.0
    params = RankingParams(plan.visit_budget, plan.holdout_share, share,
                           float(champion.ranking.get("min_amount", 1000.0)))
    champion_score, champion_arm = _strategy_score(uow, champion)
    challenger_score, challenger_arm = _strategy_score(uow, challenger) if share else (
        None, champion_arm)
    step("features")
    reader = getattr(engine, "snapshot_reader", None)  # Spark over JDBC reads the database
    inputs = None if reader else uow.screening.feature_inputs(cmd.as_of, plan.branch_ids)
    with _place(storage) as (where, key):
        snapshot = reader(where, f"{key}/snapshot", cmd.as_of, plan.branch_ids) if reader \
            else write_snapshot(where, inputs or {}, f"{key}/snapshot")
        del inputs
        features = engine.features(where, snapshot, where.join(key, "features"))
        step("rules and risk")
        uplift = estimate_uplift(uow.screening.uplift_history(plan.business_lines),
                                 float(champion.ranking.get("uplift_prior", 0.3)))
        scorer = Scorer(plan.business_lines, uplift, champion_score, challenger_score)
        scores = read_frame(where, engine.score(where, features, scorer,
                                                where.join(key, "scores")))
        locked = locked_customers(uow)  # earlier runs' holdouts stay out until measured
        scores = scores[~scores["customer_id"].isin(list(locked))]
        scores = scores.sort_values("customer_id", kind="stable").reset_index(drop=True)
        custom = _own_uplift(uow, where, features, scores)
        if custom.values is not None:  # per-customer uplift (issue 17) replaces the prior
            scores = with_uplift(scores, custom.values,
                                 float(champion.ranking.get("min_amount", 1000.0)))
        step("ranking")
        ids = scores["customer_id"].to_numpy(np.int64)
        benefit_a = scores["benefit_a"].to_numpy(float)
        ranking = rank_candidates(ids, benefit_a, scores["benefit_b"].to_numpy(float), params,
                                  cmd.seed)
        step("reasons")
        keep = np.union1d(np.flatnonzero(ranking.group != EXCLUDED),
                          np.flatnonzero(np.isfinite(benefit_a)))
        kept = normalise_output(read_frame(where, features, ids=ids[keep]))
        rows = _rows(kept, scores.iloc[keep].reset_index(drop=True),
                     Ranking(ranking.arm[keep], ranking.group[keep], ranking.rank[keep]),
                     {"champion": champion_arm, "challenger": challenger_arm}, uplift,
                     plan.business_lines)
        rows = explain_uplift(rows, scores, custom.values)
        summary = _summary(rows, count_rows(where, features),
                           int(np.isfinite(benefit_a).sum()), time.perf_counter() - started)
        summary["ranked_digest"] = ranked_digest(ranked_ids(ids, ranking))
        if storage is not None:
            summary["snapshot"] = where.join(key)
    return ComputedRun({
        "plan_id": plan.id, "strategy_id": champion.id,
        "challenger_strategy_id": cmd.challenger_strategy_id, "challenger_share": share,
        "holdout_share": plan.holdout_share, "engine": engine.name, "seed": cmd.seed,
        "status": "draft", "summary": summary | {"as_of": cmd.as_of.isoformat(),
                                                 "holdout_locked": len(locked),
                                                 "uplift_note": custom.note},
        "started_at": now, "started_by": principal.username}, rows, summary)
