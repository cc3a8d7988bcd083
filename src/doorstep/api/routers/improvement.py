"""Improvement endpoints: retrain and compare, candidates with PSI, decisions, review."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from doorstep.core.access import Permission, Principal
from doorstep.core.i18n import label_of
from doorstep.evaluation.improvement import service
from doorstep.evaluation.improvement.model import CandidateReview
from doorstep.evaluation.improvement.review import PeriodReview
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow
from doorstep.screening.features import make_engine

router = APIRouter(prefix="/api/v1/improvement", tags=["improvement"])
Reader = Annotated[Principal, allow(Permission.EVALUATION_READ)]
Runner = Annotated[Principal, allow(Permission.SCREENING_RUN)]
Promoter = Annotated[Principal, allow(Permission.MODEL_PROMOTE)]


class RetrainCreate(BaseModel):
    as_of: date | None = Field(None, ge=date(2000, 1, 1), le=date(2100, 12, 31),
                               description="Outcomes up to this day; default today")
    cutoff: date | None = Field(None, ge=date(2000, 1, 1), le=date(2100, 12, 31),
                                description="Train on outcomes up to this day")
    seed: int = Field(7, ge=0)


class DecisionCreate(BaseModel):
    approve: bool = Field(description="true promotes the candidate, false rejects it")
    reason: str = Field(min_length=1, max_length=500)


class DriftPublic(BaseModel):
    feature: str
    psi: float
    level: str
    label: str


class CandidatePublic(BaseModel):
    id: int
    model_version_id: int
    model_version: int
    champion_id: int | None
    cutoff: date
    as_of: date
    seed: int
    counts: dict[str, int]
    candidate_metrics: dict[str, Any]
    champion_metrics: dict[str, Any] | None
    verdict: str
    decision: str
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    created_by: str
    created_at: datetime
    drift: list[DriftPublic]


class RetrainPublic(CandidatePublic):
    created: bool = Field(description="false: the same inputs were retrained already")


class KpiPublic(BaseModel):
    name: str
    label: str
    previous: float | None
    current: float | None
    change: float | None
    direction: str
    improved: bool | None


class AdvicePublic(BaseModel):
    subject: str
    reasons: list[str]
    staff_id: int | None = None


class ReviewPublic(BaseModel):
    period_start: date
    period_end: date
    previous_start: date
    previous_end: date
    kpis: list[KpiPublic]
    candidate: CandidatePublic | None
    model_advice: str | None
    rules_to_tighten: list[AdvicePublic]
    staff_to_train: list[AdvicePublic]


def candidate_public(r: CandidateReview) -> dict[str, Any]:
    return {
        "id": r.id, "model_version_id": r.model_version_id, "model_version": r.model_version,
        "champion_id": r.champion_id, "cutoff": r.cutoff, "as_of": r.as_of, "seed": r.seed,
        "counts": r.counts, "candidate_metrics": r.comparison["candidate"],
        "champion_metrics": r.comparison.get("champion"), "verdict": r.verdict,
        "decision": r.decision, "decided_by": r.decided_by, "decided_at": r.decided_at,
        "reason": r.reason, "created_by": r.created_by, "created_at": r.created_at,
        "drift": [DriftPublic(feature=d.feature, psi=d.psi, level=d.level, label=d.label)
                  for d in r.drift]}


def review_public(v: PeriodReview) -> ReviewPublic:
    return ReviewPublic(
        period_start=v.period.start, period_end=v.period.end, previous_start=v.previous.start,
        previous_end=v.previous.end,
        kpis=[KpiPublic(**{**k.__dict__, "label": label_of(k.label)}) for k in v.kpis],
        candidate=CandidatePublic(**candidate_public(v.candidate)) if v.candidate else None,
        model_advice=v.model_advice,
        rules_to_tighten=[AdvicePublic(subject=a.rule, reasons=list(a.reasons))
                          for a in v.rules],
        staff_to_train=[AdvicePublic(subject=n.name, reasons=list(n.reasons),
                                     staff_id=n.staff_id) for n in v.staff])


@router.post("/retrain", response_model=RetrainPublic, status_code=201)
def retrain(body: RetrainCreate, uow: UowDep, principal: Runner) -> RetrainPublic:
    """Retrain on outcomes up to the cut-off and compare with the current model after it."""
    cmd = service.Retrain(as_of=body.as_of or uow.clock.now().date(), cutoff=body.cutoff,
                          seed=body.seed)
    result = service.retrain(uow, principal, make_engine("duckdb"), cmd)
    uow.commit()
    return RetrainPublic(**candidate_public(result.review), created=result.created)


@router.get("/candidates", response_model=list[CandidatePublic])
def list_candidates(uow: ReadUowDep, principal: Reader,
                    limit: int = Query(20, ge=1, le=100)) -> list[CandidatePublic]:
    """Retrained candidates, newest first, with holdout metrics and PSI per feature."""
    return [CandidatePublic(**candidate_public(r))
            for r in service.list_candidates(uow, principal, limit)]


@router.get("/candidates/{candidate_id}", response_model=CandidatePublic)
def get_candidate(candidate_id: int, uow: ReadUowDep, principal: Reader) -> CandidatePublic:
    """One candidate with its comparison and drift report."""
    return CandidatePublic(**candidate_public(service.candidate(uow, principal, candidate_id)))


@router.post("/candidates/{candidate_id}/decision", response_model=CandidatePublic)
def decide(candidate_id: int, body: DecisionCreate, uow: UowDep, container: ContainerDep,
           principal: Promoter) -> CandidatePublic:
    """Promote (approve) or reject a candidate, with a reason; both are audited."""
    review = service.decide(uow, principal, candidate_id, body.approve, body.reason,
                            container.authority)
    uow.commit()
    return CandidatePublic(**candidate_public(review))


@router.get("/review", response_model=ReviewPublic)
def review(uow: ReadUowDep, principal: Reader, end: date | None = None,
           days: int = Query(30, ge=1, le=366)) -> ReviewPublic:
    """What changed in the period against the previous one, and the recommended actions."""
    return review_public(service.period_review(uow, principal, end or uow.clock.now().date(),
                                               days))
