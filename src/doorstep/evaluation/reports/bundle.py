"""The content of an evaluation report, gathered once for the page, Excel and PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from doorstep.core.access import Permission, Principal, require
from doorstep.core.i18n import _
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation import service
from doorstep.evaluation.kpis import check_goals, kpi_values
from doorstep.evaluation.model import Dimension, GroupKpis, KpiCounts, Period, Scope, total
from doorstep.evaluation.satisfaction import Satisfaction
from doorstep.evaluation.service import Effect, PlanKpis

#: Columns of every breakdown table (a subset of the KPIs, to fit a page).
BREAKDOWN_METRICS = ("visits_done", "contact_rate", "csat", "resolution_rate",
                     "escalation_rate", "amount_recovered")


@dataclass(frozen=True)
class Report:
    """A plan's (``kpis.plan``) or, without a plan, the whole visible bank's evaluation."""

    title: str
    period: Period
    generated_at: datetime
    kpis: PlanKpis | None
    totals: KpiCounts
    values: dict[str, float | None]
    breakdowns: dict[Dimension, list[GroupKpis]]
    satisfaction: Satisfaction
    effect: Effect | None
    trend: list[tuple[str, int]] = field(default_factory=list)


def build_report(uow: UnitOfWork, principal: Principal, plan_id: int | None, period: Period,
                 *, with_comments: bool = True, seed: int = service.EFFECT_SEED) -> Report:
    """Gather a report: KPIs and goals, breakdowns, satisfaction and the effect of visits.

    Parameters
    ----------
    plan_id : int, optional
        Without a plan the report covers every case the principal may see, by plan.
    period : Period
    with_comments : bool
        Include survey comments and their themes (scores unscored comments).
    seed : int
        Seed of the bootstrap intervals.
    """
    require(principal, Permission.EVALUATION_READ)
    sat = (service.satisfaction(uow, principal, period, plan_id) if with_comments
           else Satisfaction([], 0, [], []))
    dims = (Dimension.TEAM, Dimension.STAFF, Dimension.BUSINESS_LINE, Dimension.BRANCH)
    now = uow.clock.now()
    if plan_id is None:
        cube = uow.evaluation.counts(Scope(branch_id=principal.branch_id), period)
        breakdowns = {d: service.breakdown(uow, cube, d) for d in (Dimension.PLAN, *dims)}
        totals = total(cube)
        return Report(_("Bank-wide evaluation of home visits"), period, now, None, totals,
                      kpi_values(totals),
                      breakdowns, sat, None)
    kpis, breakdowns = service.dashboard(uow, principal, plan_id, period, dims)
    return Report(_("%(plan)s · evaluation", plan=kpis.plan.name), period, now, kpis,
                  kpis.counts, kpis.values,
                  breakdowns, sat, service.effect_of_visits(uow, principal, plan_id, seed),
                  service.visits_by_month(uow, principal, plan_id, period))


def goal_rows(report: Report) -> list[tuple[str, str, float, float | None, bool]]:
    """(metric, comparator, target, actual, met) of the plan's goals."""
    if report.kpis is None:
        return []
    return [(g.goal.metric, g.goal.comparator, g.goal.target, g.actual, g.met)
            for g in check_goals(report.kpis.plan.goals, report.totals)]
