"""Evaluation use cases: KPIs per plan and dimension, goals, effect of visits, satisfaction.

Public entry points other capabilities may use:

- :func:`plan_kpis` — one plan's KPI values and goals over a period;
- :func:`kpis_by` — KPIs broken down by plan, team, staff, business line or branch;
- :func:`effect_of_visits` — visited vs holdout and champion vs challenger;
- :func:`satisfaction` — survey comments, dissatisfaction scores and themes;
- :func:`dashboard_view` — a dashboard's figures, from a fresh KPI snapshot when one exists
  (written by :mod:`doorstep.evaluation.refresh`).

Every figure is restricted to the principal's branch when the principal has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from doorstep.cases.model import BUSINESS_LINE_LABELS, BusinessLine
from doorstep.core.access import Permission, Principal, require
from doorstep.core.clock import local
from doorstep.core.errors import NotFound, ValidationFailed
from doorstep.core.i18n import N_, Msg, label_of
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation.effect import (
    CHALLENGER_SUBJECT,
    Comparison,
    EffectFigures,
    Estimate,
    caveats,
    headline,
    verdict,
)
from doorstep.evaluation.kpis import Goal, GoalCheck, check_goals, kpi_values
from doorstep.evaluation.model import (
    CubeKey,
    Dimension,
    GroupKpis,
    KpiCounts,
    Period,
    Scope,
    rollup,
    total,
)
from doorstep.evaluation.satisfaction import Comment, Satisfaction, summarise
from doorstep.evaluation.snapshots import Figures, decode, is_fresh
from doorstep.evaluation.study import analyse, units

EFFECT_SEED = 20261001


class Plan(Protocol):
    """A plan as evaluation reads it (``plans.model.Plan``; evaluation does not import
    plans, whose goals are evaluation's KPIs)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def period_start(self) -> date: ...
    @property
    def period_end(self) -> date: ...
    @property
    def goals(self) -> tuple[Goal, ...]: ...

    def covers_branch(self, branch_id: int) -> bool: ...


@dataclass(frozen=True)
class PlanKpis:
    """A plan's KPIs over a period and each goal against its target."""

    plan: Plan
    period: Period
    counts: KpiCounts
    values: dict[str, float | None]
    goals: list[GoalCheck]

    @property
    def goals_met(self) -> int:
        return sum(g.met for g in self.goals)


@dataclass(frozen=True)
class Effect:
    """The effect of visits as the page, API and reports show it: the figures (intention to
    treat, challenger, CACE, contamination, MDE), a sentence per measure, the headline
    sentence for the board and its caveats."""

    figures: EffectFigures
    visit_verdicts: dict[str, str]
    challenger_verdicts: dict[str, str]
    headline: str
    caveats: list[str]

    @property
    def visits(self) -> Comparison:
        return self.figures.visits

    @property
    def challenger(self) -> Comparison:
        return self.figures.challenger

    @property
    def cace(self) -> list[Estimate]:
        return self.figures.cace


def _scope(principal: Principal, plan_id: int | None = None) -> Scope:
    return Scope(plan_id=plan_id, branch_id=principal.branch_id)


def visible_plan(uow: UnitOfWork, principal: Principal, plan_id: int) -> Plan:
    """The plan if the principal may evaluate it (a branch user: plans covering it)."""
    require(principal, Permission.EVALUATION_READ)
    plan: Plan = uow.plans.get(plan_id)
    if principal.branch_id is not None and not plan.covers_branch(principal.branch_id):
        raise NotFound(entity=Msg(N_("Plan")), id=plan_id)
    return plan


def visible_plans(uow: UnitOfWork, principal: Principal) -> list[Plan]:
    """Every plan the principal may evaluate."""
    require(principal, Permission.EVALUATION_READ)
    return [p for p in uow.plans.list()
            if principal.branch_id is None or p.covers_branch(principal.branch_id)]


def plan_period(plan: Plan, start: date | None = None, end: date | None = None) -> Period:
    """The given dates, else the plan's own period."""
    return Period(start or plan.period_start, end or plan.period_end)


def plan_kpis(uow: UnitOfWork, principal: Principal, plan_id: int,
              period: Period | None = None) -> PlanKpis:
    """KPIs of one plan over ``period`` (default: the plan's period) and its goals.

    Parameters
    ----------
    uow : UnitOfWork
    principal : Principal
        Needs ``evaluation.read``; a branch user sees only the branch's cases.
    plan_id : int
    period : Period, optional

    Returns
    -------
    PlanKpis
    """
    plan = visible_plan(uow, principal, plan_id)
    period = period or plan_period(plan)
    counts = total(uow.evaluation.counts(_scope(principal, plan_id), period))
    return PlanKpis(plan, period, counts, kpi_values(counts), check_goals(plan.goals, counts))


def kpis_by(uow: UnitOfWork, principal: Principal, dimension: Dimension, period: Period,
            plan_id: int | None = None) -> list[GroupKpis]:
    """KPI counts per group of ``dimension`` over ``period``, largest group first.

    Parameters
    ----------
    dimension : Dimension
        plan, team, staff, business_line or branch.
    period : Period
    plan_id : int, optional
        Only the cases of this plan.

    Returns
    -------
    list of GroupKpis
        Use :func:`doorstep.evaluation.kpis.kpi_values` on each group's ``counts``.
    """
    if plan_id is not None:
        visible_plan(uow, principal, plan_id)
    else:
        require(principal, Permission.EVALUATION_READ)
    return breakdown(uow, uow.evaluation.counts(_scope(principal, plan_id), period), dimension)


def breakdown(uow: UnitOfWork, cube: dict[CubeKey, KpiCounts],
              dimension: Dimension) -> list[GroupKpis]:
    """Named groups of one dimension from already fetched counts, largest first."""
    members = None
    if dimension is Dimension.STAFF:
        members = uow.evaluation.team_members(sorted({k[1] for k in cube if k[1]}))
    counts = rollup(cube, dimension, members)
    names = uow.evaluation.names(dimension, list(counts))
    if dimension is Dimension.BUSINESS_LINE:
        names = {k: _line_name(k) for k in counts}
    rows = [GroupKpis(k or "—", names.get(k, "—"), c) for k, c in counts.items()]
    return sorted(rows, key=lambda g: (-g.counts.cases, g.name))


@dataclass(frozen=True)
class DashboardView:
    """What the dashboard page shows: KPIs and goals, breakdowns, visits per month, and
    ``as_of_label`` — when the figures were computed if served from a snapshot (else "")."""

    kpis: PlanKpis
    by: dict[Dimension, list[GroupKpis]]
    trend: list[tuple[str, int]]
    as_of_label: str


def live_figures(uow: UnitOfWork, principal: Principal, plan_id: int,
                 period: Period) -> Figures:
    """The dashboard's counts computed now, in the principal's scope."""
    scope = _scope(principal, plan_id)
    return Figures(uow.evaluation.counts(scope, period),
                   uow.evaluation.visits_by_month(scope, period))


def figures(uow: UnitOfWork, principal: Principal, plan_id: int, period: Period,
            max_age: timedelta | None = None, *, live: bool = True) -> Figures:
    """The snapshot of exactly (plan, period, the principal's branch scope) if one is
    younger than ``max_age``; otherwise the figures computed live (``max_age`` None: always
    live; ``live=False``: empty figures instead of computing). A branch user is only ever
    served their branch's snapshot."""
    visible_plan(uow, principal, plan_id)
    if max_age is not None:
        stored = uow.evaluation.snapshot(plan_id, period, principal.branch_id)
        if stored is not None and is_fresh(stored[1], uow.clock.now(), max_age):
            found = decode(stored[0], stored[1])
            if found is not None:
                return found
    return live_figures(uow, principal, plan_id, period) if live else Figures({}, [])


def _view(uow: UnitOfWork, plan: Plan, period: Period, f: Figures,
          dimensions: tuple[Dimension, ...]) -> DashboardView:
    counts = total(f.cube)
    kpis = PlanKpis(plan, period, counts, kpi_values(counts), check_goals(plan.goals, counts))
    return DashboardView(kpis, {d: breakdown(uow, f.cube, d) for d in dimensions}, f.trend,
                         f.as_of_label)


def dashboard_view(uow: UnitOfWork, principal: Principal, plan_id: int, period: Period,
                   dimensions: tuple[Dimension, ...],
                   max_age: timedelta | None = None) -> DashboardView:
    """A plan's KPIs, goals, breakdowns and monthly visits, from a fresh snapshot when one
    exists (see :func:`figures`), derived by the same code either way."""
    plan = visible_plan(uow, principal, plan_id)
    return _view(uow, plan, period, figures(uow, principal, plan_id, period, max_age),
                 dimensions)


def dashboard(uow: UnitOfWork, principal: Principal, plan_id: int, period: Period,
              dimensions: tuple[Dimension, ...], max_age: timedelta | None = None,
              ) -> tuple[PlanKpis, dict[Dimension, list[GroupKpis]]]:
    """A plan's KPIs and several breakdowns from one set of queries (or a fresh snapshot
    when ``max_age`` is given)."""
    view = dashboard_view(uow, principal, plan_id, period, dimensions, max_age)
    return view.kpis, view.by


def _line_name(code: str | None) -> str:
    try:
        return label_of(BUSINESS_LINE_LABELS[BusinessLine(code or "")])
    except ValueError:
        return code or "—"


def visits_by_month(uow: UnitOfWork, principal: Principal, plan_id: int,
                    period: Period) -> list[tuple[str, int]]:
    """Visits made per month of the period, for the trend chart."""
    visible_plan(uow, principal, plan_id)
    rows: list[tuple[str, int]] = uow.evaluation.visits_by_month(
        _scope(principal, plan_id), period)
    return rows


def effect_of_visits(uow: UnitOfWork, principal: Principal, plan_id: int,
                     seed: int = EFFECT_SEED, max_age: timedelta | None = None) -> Effect:
    """Intention to treat on the plan's randomised customers (visit arm vs holdout), the
    challenger vs champion arm, and the effect of a visit made, over 30/60/90 days after each
    run, with CUPED-adjusted Neyman 95 % intervals and verdicts. With ``max_age``, from the
    fresh snapshot of the plan's own period in the principal's scope when it holds the
    effect. ``seed`` is kept for API compatibility (the estimator is deterministic)."""
    plan = visible_plan(uow, principal, plan_id)
    found = None
    if max_age is not None and seed == EFFECT_SEED:
        found = figures(uow, principal, plan_id, plan_period(plan), max_age,
                        live=False).effect
    f = found or live_effect(uow, principal, plan_id, seed)
    return Effect(f, {e.measure: verdict(e, f.visits) for e in f.visits.estimates},
                  {e.measure: verdict(e, f.challenger, CHALLENGER_SUBJECT)
                   for e in f.challenger.estimates}, headline(f), caveats(f))


def live_effect(uow: UnitOfWork, principal: Principal, plan_id: int,
                seed: int = EFFECT_SEED) -> EffectFigures:
    """The effect figures computed now from the stored selections and account facts."""
    del seed
    today = local(uow.clock.now()).date()
    rows = uow.evaluation.effect_selections(plan_id, principal.branch_id)
    if not rows:
        return analyse([])
    return analyse(units(rows, uow.evaluation.effect_facts(plan_id, principal.branch_id), today))


def satisfaction(uow: UnitOfWork, principal: Principal, period: Period,
                 plan_id: int | None = None, shown: int = 50) -> Satisfaction:
    """Survey comments of the period, worst first, with dissatisfaction scores (unscored
    comments are scored by the text detector for display) and their main themes."""
    if plan_id is not None:
        visible_plan(uow, principal, plan_id)
    else:
        require(principal, Permission.EVALUATION_READ)
    rows = uow.evaluation.survey_comments(_scope(principal, plan_id), period)
    missing = [str(r[5]) for r in rows if r[6] is None]
    scores = iter(_score(missing)) if missing else iter([])
    comments = [Comment(int(r[0]), str(r[1]), r[2], r[3], r[4], str(r[5]),
                        float(r[6]) if r[6] is not None else next(scores)) for r in rows]
    return summarise(comments, shown)


def _score(texts: list[str]) -> list[float | None]:
    from doorstep.screening.text import load_detector

    detector = load_detector()
    out: list[float | None] = []
    for text in texts:
        try:
            out.append(detector.score(text).dissatisfaction)
        except ValidationFailed:  # a wordless comment has no score
            out.append(None)
    return out


def score_survey_comments(uow: UnitOfWork, limit: int = 5000) -> int:
    """Store the dissatisfaction score of unscored survey comments; how many were scored."""
    rows = uow.evaluation.unscored_comments(limit)
    scores = _score([text for _, text in rows])
    scored = [(i, s) for (i, _), s in zip(rows, scores, strict=True) if s is not None]
    uow.evaluation.store_comment_scores(scored)
    return len(scored)


def report_runs(uow: UnitOfWork, principal: Principal, limit: int = 20) -> list[object]:
    """The latest runs of the scheduled report job, newest first."""
    require(principal, Permission.EVALUATION_READ)
    return list(uow.evaluation.report_runs(limit))
