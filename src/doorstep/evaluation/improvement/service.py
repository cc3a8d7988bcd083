"""Improvement use cases over the unit of work: retrain and compare, decide, drift, review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pandas as pd

from doorstep.approvals import service as approvals
from doorstep.approvals import subjects
from doorstep.approvals.model import Authority, Request, default_authority
from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import Conflict, ValidationFailed
from doorstep.core.i18n import N_, _, codes
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation.improvement import retrain as rt
from doorstep.evaluation.improvement.drift import FeatureDrift, drift_report
from doorstep.evaluation.improvement.model import PENDING, PROMOTED, REJECTED, CandidateReview
from doorstep.evaluation.improvement.recommend import (
    RuleThresholds,
    TrainingThresholds,
    model_advice,
    rules_to_tighten,
    staff_needing_training,
)
from doorstep.evaluation.improvement.review import (
    REGULATOR_COMPLAINTS,
    Period,
    PeriodReview,
    kpi_deltas,
)
from doorstep.evaluation.kpis import kpi_values
from doorstep.evaluation.model import Period as EvaluationPeriod
from doorstep.evaluation.model import Scope, total
from doorstep.screening.features import MODEL_FEATURES, FeatureEngine
from doorstep.screening.model import EscalationModel, ModelMetrics, ModelParams, score_predictions

codes({
    'improvement.already_decided': N_('Candidate %(id)s was already decided (%(decision)s)'),
    'improvement.reason_required': N_('A decision needs a reason'),
})

#: ``progress(step, done, total)`` for the CLI's progress bar.
Progress = Callable[[str, int, int], None]
STEPS = (N_("Features and outcomes"), N_("Training the candidate"),
         N_("Comparing with the current model"), N_("Population drift"), N_("Saving"))


class AlreadyDecided(Conflict):
    code = "improvement.already_decided"


class ReasonRequired(ValidationFailed):
    code = "improvement.reason_required"


def _quiet(step: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Retrain:
    """Retrain as of ``as_of``; ``cutoff`` None takes the day 70 % of outcomes precede."""

    as_of: date
    cutoff: date | None = None
    seed: int = 7
    params: ModelParams = field(default_factory=ModelParams)


@dataclass(frozen=True)
class RetrainResult:
    """The candidate's review and whether this call created it (False: same inputs seen)."""

    review: CandidateReview
    created: bool


def retrain(uow: UnitOfWork, principal: Principal, engine: FeatureEngine, cmd: Retrain,
            progress: Progress = _quiet) -> RetrainResult:
    """Retrain on outcomes up to a cut-off, compare with the champion after it, store the
    candidate with its comparison and drift report (status ``candidate``).

    Parameters
    ----------
    uow : UnitOfWork
    principal : Principal
        Needs ``screening.run``.
    engine : FeatureEngine
        DuckDB or Spark.
    cmd : Retrain
    progress : callable, optional

    Returns
    -------
    RetrainResult
        ``created`` is False when the same data, cut-off, as-of, parameters and seed were
        already retrained: the stored candidate is returned and nothing is written.
    """
    require(principal, Permission.SCREENING_RUN)
    total = len(STEPS)
    progress(STEPS[0], 0, total)
    first = rt.first_outcomes(uow.improvement.outcome_events())
    cutoff = cmd.cutoff or rt.default_cutoff(first[first.dt.date <= cmd.as_of])
    reference = engine.run(uow.screening.feature_inputs(cutoff, None))
    split = rt.time_split(reference, first, cutoff, cmd.as_of, MODEL_FEATURES)
    key = rt.inputs_key(split, cutoff, cmd.as_of, cmd.seed, cmd.params)
    existing = uow.improvement.comparison_by_key(key)
    if existing is not None:
        progress(STEPS[-1], total, total)
        return RetrainResult(existing, False)
    progress(STEPS[1], 1, total)
    model, metrics = rt.fit_candidate(split, cmd.params, cmd.seed)
    progress(STEPS[2], 2, total)
    champion_id, champion = _champion_metrics(uow, split)
    comparison = rt.Comparison(metrics, champion, rt.verdict(metrics, champion))
    progress(STEPS[3], 3, total)
    current = engine.run(uow.screening.feature_inputs(cmd.as_of, None))
    drift = drift_report(reference, current, MODEL_FEATURES)
    progress(STEPS[4], 4, total)
    review = _store(uow, principal, cmd, cutoff, key, split, model, comparison, champion_id,
                    drift)
    progress(STEPS[4], total, total)
    return RetrainResult(review, True)


def _champion_metrics(uow: UnitOfWork, split: rt.TimeSplit) -> tuple[int | None,
                                                                     ModelMetrics | None]:
    champion_id = uow.screening.current_model_id()
    if champion_id is None:
        return None, None
    champion = EscalationModel.from_bytes(uow.screening.model_version(champion_id).blob)
    return champion_id, score_predictions(split.test_y, champion.predict_proba(split.test_x))


def _store(uow: UnitOfWork, principal: Principal, cmd: Retrain, cutoff: date, key: str,
           split: rt.TimeSplit, model: EscalationModel, comparison: rt.Comparison,
           champion_id: int | None, drift: tuple[FeatureDrift, ...]) -> CandidateReview:
    now = uow.clock.now()
    counts = split.counts()
    version = uow.screening.add_model_version(
        f"retrain: outcomes ≤ {cutoff.isoformat()}, holdout to {cmd.as_of.isoformat()}, "
        f"seed {cmd.seed}, {counts['train_rows']} customers", MODEL_FEATURES,
        comparison.candidate.to_dict(), model.to_bytes(), now)
    review: CandidateReview = uow.improvement.add_comparison({
        "model_version_id": version.id, "champion_id": champion_id, "inputs_key": key,
        "cutoff": cutoff, "as_of": cmd.as_of, "seed": cmd.seed, "counts": counts,
        "comparison": comparison.to_dict(), "drift": [d.to_dict() for d in drift],
        "verdict": comparison.verdict, "decision": PENDING,
        "created_at": now.replace(tzinfo=None), "created_by": principal.username})
    uow.audit(AuditEntry(principal.actor, "model.retrain", "model_version", str(version.id),
                         None, {"cutoff": cutoff.isoformat(), "verdict": comparison.verdict,
                                "auc": comparison.candidate.auc,
                                "champion_id": champion_id}, now))
    subjects.file_model(uow, principal, version.id,
                        _("Candidate #%(id)s (%(verdict)s)", id=version.id,
                          verdict=comparison.verdict))
    return review


def list_candidates(uow: UnitOfWork, principal: Principal,
                    limit: int = 20) -> list[CandidateReview]:
    """Retrained candidates, newest first."""
    require(principal, Permission.EVALUATION_READ)
    result: list[CandidateReview] = uow.improvement.list_comparisons(limit)
    return result


def candidate(uow: UnitOfWork, principal: Principal, comparison_id: int) -> CandidateReview:
    """One candidate with its comparison and drift report."""
    require(principal, Permission.EVALUATION_READ)
    review: CandidateReview = uow.improvement.comparison(comparison_id)
    return review


def decide(uow: UnitOfWork, principal: Principal, comparison_id: int, approve: bool,
           reason: str, authority: Authority | None = None) -> CandidateReview:
    """Promote the candidate to ``current`` or reject it; either way who, when and why are
    recorded and audited. Needs ``model.promote``; a decided candidate stays decided."""
    require(principal, Permission.MODEL_PROMOTE)
    if not reason.strip():
        raise ReasonRequired()
    review: CandidateReview = uow.improvement.comparison(comparison_id)
    if review.decision != PENDING:
        raise AlreadyDecided(id=comparison_id, decision=review.decision)
    now = uow.clock.now()
    decision = PROMOTED if approve else REJECTED

    def record(inner: UnitOfWork, decider: Principal, request: Request) -> None:
        if approve:
            inner.screening.make_current(review.model_version_id, decider.username, now)
        inner.improvement.record_decision(comparison_id, decision, decider.username, now,
                                          reason.strip())
        inner.audit(AuditEntry(decider.actor, "model.promote" if approve else "model.reject",
                               "model_version", str(review.model_version_id),
                               {"decision": PENDING, "champion_id": review.champion_id},
                               {"decision": decision, "reason": reason.strip()}, now))

    maker = subjects.maker_of_subject(uow, "model_version", review.model_version_id,
                                      review.created_by)
    approvals.decide_on_subject(
        uow, principal, subjects.model_promotion(review.model_version_id,
                                                 _("Candidate #%(id)s",
                                                   id=review.model_version_id)),
        maker, approve, reason, authority or default_authority(), record, record)
    return replace(review, decision=decision, decided_by=principal.username,
                   decided_at=now, reason=reason.strip())


def drift_now(uow: UnitOfWork, principal: Principal, engine: FeatureEngine, as_of: date,
              reference_day: date | None = None) -> tuple[date, tuple[FeatureDrift, ...]]:
    """PSI of every model feature: the population as of ``as_of`` against the one as of
    ``reference_day`` (default: the newest candidate's cut-off, else 90 days earlier)."""
    require(principal, Permission.EVALUATION_READ)
    if reference_day is None:
        latest = uow.improvement.list_comparisons(1)
        reference_day = latest[0].cutoff if latest else as_of - timedelta(days=90)
    if reference_day >= as_of:
        raise ValidationFailed(N_("The reference day %(reference)s must precede %(as_of)s"),
                               reference=reference_day.isoformat(), as_of=as_of.isoformat())
    reference: pd.DataFrame = engine.run(uow.screening.feature_inputs(reference_day, None))
    current: pd.DataFrame = engine.run(uow.screening.feature_inputs(as_of, None))
    return reference_day, drift_report(reference, current, MODEL_FEATURES)


def period_figures(uow: UnitOfWork, principal: Principal,
                   period: Period) -> dict[str, float | None]:
    """The review's figures for one period in the viewer's scope: the §8 KPIs as the
    evaluation dashboard computes them, plus complaints to the regulator."""
    counts = total(uow.evaluation.counts(Scope(branch_id=principal.branch_id),
                                         EvaluationPeriod(period.start, period.end)))
    return {**kpi_values(counts), REGULATOR_COMPLAINTS: float(
        uow.improvement.regulator_complaints(period.start, period.end, principal.branch_id))}


def period_review(uow: UnitOfWork, principal: Principal, end: date, days: int = 30,
                  staff_limits: TrainingThresholds | None = None,
                  rule_limits: RuleThresholds | None = None) -> PeriodReview:
    """What changed in the ``days`` up to ``end`` against the period before, the newest
    candidate model, rules to tighten and staff to train."""
    require(principal, Permission.EVALUATION_READ)
    period = Period.ending(end, days)
    before = period.previous()
    deltas = kpi_deltas(period_figures(uow, principal, before),
                        period_figures(uow, principal, period))
    latest = uow.improvement.list_comparisons(1)
    newest = latest[0] if latest else None
    advice = model_advice(newest.verdict, newest.major_drift) if newest else None
    names = uow.improvement.current_rule_names()
    rules = rules_to_tighten(uow.improvement.rule_stats(names), rule_limits)
    staff = staff_needing_training(uow.improvement.staff_stats(period.start, period.end),
                                   staff_limits)
    return PeriodReview(period, before, tuple(deltas), newest, advice, tuple(rules), len(names),
                        tuple(staff))
