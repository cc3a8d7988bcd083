"""Response schemas of the evaluation endpoints and their builders from service values."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from pydantic import BaseModel, Field

from doorstep.evaluation.effect import Comparison
from doorstep.evaluation.kpis import kpi_values
from doorstep.evaluation.model import GroupKpis
from doorstep.evaluation.satisfaction import Satisfaction
from doorstep.evaluation.service import Effect, PlanKpis


class GoalCheckPublic(BaseModel):
    metric: str
    comparator: str
    target: float
    actual: float | None
    met: bool


class PlanKpisPublic(BaseModel):
    plan_id: int
    plan_name: str
    start: date
    end: date
    counts: dict[str, float]
    values: dict[str, float | None]
    goals: list[GoalCheckPublic]


class GroupPublic(BaseModel):
    key: str
    name: str
    counts: dict[str, float]
    values: dict[str, float | None]


class EstimatePublic(BaseModel):
    measure: str
    treated: float | None
    control: float | None
    difference: float | None
    low: float | None
    high: float | None
    significant: bool
    verdict: str


class ComparisonPublic(BaseModel):
    treated: str
    control: str
    treated_n: int
    control_n: int
    too_small: bool
    estimates: list[EstimatePublic]


class CacePublic(BaseModel):
    measure: str
    difference: float | None
    low: float | None
    high: float | None


class EffectPublic(BaseModel):
    """Intention to treat (visits), challenger vs champion, the effect of a visit made
    (cace), the board sentence and its caveats, contamination and the detectable effect."""

    visits: ComparisonPublic
    challenger: ComparisonPublic
    headline: str
    caveats: list[str]
    cace: list[CacePublic]
    compliance: float | None
    manual_n: int
    lifted: int
    contaminated: int
    repeats: int
    minimum_detectable_effect: float | None


class CommentPublic(BaseModel):
    survey_id: int
    case_no: str
    answered_at: datetime
    csat: int | None
    nps: int | None
    text: str
    dissatisfaction: float | None


class SatisfactionPublic(BaseModel):
    dissatisfied: int
    themes: list[tuple[str, float]]
    dissatisfied_themes: list[tuple[str, float]]
    comments: list[CommentPublic]


class ReportRunPublic(BaseModel):
    id: int
    kind: str
    period_key: str
    plan_id: int | None
    status: str
    out_dir: str
    files: list[dict[str, str]]
    cases: int
    actor: str
    started_at: datetime
    finished_at: datetime | None


def plan_kpis_public(k: PlanKpis) -> PlanKpisPublic:
    return PlanKpisPublic(
        plan_id=k.plan.id, plan_name=k.plan.name, start=k.period.start, end=k.period.end,
        counts=asdict(k.counts), values=k.values,
        goals=[GoalCheckPublic(metric=g.goal.metric, comparator=g.goal.comparator,
                               target=g.goal.target, actual=g.actual, met=g.met)
               for g in k.goals])


def group_public(g: GroupKpis) -> GroupPublic:
    return GroupPublic(key=g.key, name=g.name, counts=asdict(g.counts),
                       values=kpi_values(g.counts))


def _comparison(c: Comparison, verdicts: dict[str, str]) -> ComparisonPublic:
    return ComparisonPublic(
        treated=c.treated_name, control=c.control_name, treated_n=c.treated_n,
        control_n=c.control_n, too_small=c.too_small,
        estimates=[EstimatePublic(measure=e.measure, treated=e.treated, control=e.control,
                                  difference=e.difference, low=e.low, high=e.high,
                                  significant=e.significant, verdict=verdicts[e.measure])
                   for e in c.estimates])


def effect_public(e: Effect) -> EffectPublic:
    f = e.figures
    return EffectPublic(visits=_comparison(e.visits, e.visit_verdicts),
                        challenger=_comparison(e.challenger, e.challenger_verdicts),
                        headline=e.headline, caveats=e.caveats,
                        cace=[CacePublic(measure=x.measure, difference=x.difference, low=x.low,
                                         high=x.high) for x in e.cace],
                        compliance=f.compliance, manual_n=f.manual_n, lifted=f.lifted,
                        contaminated=f.contaminated, repeats=f.repeats,
                        minimum_detectable_effect=f.mde)


def satisfaction_public(s: Satisfaction) -> SatisfactionPublic:
    return SatisfactionPublic(
        dissatisfied=s.dissatisfied, themes=s.themes, dissatisfied_themes=s.dissatisfied_themes,
        comments=[CommentPublic(**asdict(c)) for c in s.comments])


class LiftRequestIn(BaseModel):
    """Ask to lift one held-out customer's holdout lock (a programme manager)."""

    customer_id: int
    reason: str = Field(max_length=500)


class LiftDecisionIn(BaseModel):
    """Another programme manager approves or rejects a pending lift."""

    approve: bool
    note: str = Field(default="", max_length=500)


class LiftPublic(BaseModel):
    id: int
