"""Evaluation endpoints: KPIs, breakdowns, effect of visits, satisfaction, exports."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from doorstep.api.evaluation_schemas import (
    EffectPublic,
    GroupPublic,
    LiftDecisionIn,
    LiftPublic,
    LiftRequestIn,
    PlanKpisPublic,
    ReportRunPublic,
    SatisfactionPublic,
    effect_public,
    group_public,
    plan_kpis_public,
    satisfaction_public,
)
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.core.uow import UnitOfWork
from doorstep.documents.pdf import find_chinese_font
from doorstep.evaluation import service
from doorstep.evaluation.holdout_lock import DecideLift, RequestLift, lift_holdout_lock
from doorstep.evaluation.model import Dimension, Period
from doorstep.evaluation.reports.monthly import export_report
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow

router = APIRouter(prefix="/api/v1/evaluation", tags=["evaluation"])
Reader = Annotated[Principal, allow(Permission.EVALUATION_READ)]
Exporter = Annotated[Principal, allow(Permission.REPORT_EXPORT)]
Manager = Annotated[Principal, allow(Permission.PLAN_MANAGE)]
Month = Annotated[str | None, Query(description="YYYY-MM; overrides start/end",
                                    examples=["2026-10"])]


def period_of(uow: UnitOfWork, principal: Principal, plan_id: int | None, month: str | None,
              start: date | None, end: date | None) -> Period:
    """A month, explicit dates, the plan's period, or (bank-wide) this month so far."""
    if month:
        return Period.month(month)
    if plan_id is not None:
        return service.plan_period(service.visible_plan(uow, principal, plan_id), start, end)
    today = uow.clock.now().date()
    return Period(start or today.replace(day=1), end or today)


@router.get("/plans/{plan_id}/kpis", response_model=PlanKpisPublic)
def plan_kpis(plan_id: int, uow: ReadUowDep, principal: Reader, month: Month = None,
              start: date | None = None, end: date | None = None) -> PlanKpisPublic:
    """A plan's KPIs over a period (default: the plan's) and each goal against its target."""
    period = period_of(uow, principal, plan_id, month, start, end)
    return plan_kpis_public(service.plan_kpis(uow, principal, plan_id, period))


@router.get("/kpis", response_model=list[GroupPublic])
def kpis_by(dimension: Dimension, uow: ReadUowDep, principal: Reader,
            plan_id: int | None = None, month: Month = None, start: date | None = None,
            end: date | None = None) -> list[GroupPublic]:
    """KPIs broken down by plan, team, staff, business line or branch."""
    period = period_of(uow, principal, plan_id, month, start, end)
    return [group_public(g) for g in service.kpis_by(uow, principal, dimension, period,
                                                     plan_id)]


@router.get("/plans/{plan_id}/effect", response_model=EffectPublic)
def effect(plan_id: int, uow: ReadUowDep, principal: Reader,
           seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = service.EFFECT_SEED
           ) -> EffectPublic:
    """Visited vs holdout and champion vs challenger, with 95 % bootstrap intervals."""
    return effect_public(service.effect_of_visits(uow, principal, plan_id, seed))


@router.get("/satisfaction", response_model=SatisfactionPublic)
def satisfaction(uow: ReadUowDep, principal: Reader, plan_id: int | None = None,
                 month: Month = None, start: date | None = None,
                 end: date | None = None) -> SatisfactionPublic:
    """Survey comments worst first with dissatisfaction scores, and their main themes."""
    period = period_of(uow, principal, plan_id, month, start, end)
    return satisfaction_public(service.satisfaction(uow, principal, period, plan_id))


@router.get("/report.{fmt}", response_class=Response)
def report(fmt: str, uow: ReadUowDep, principal: Exporter, container: ContainerDep,
           plan_id: int | None = None, month: Month = None, start: date | None = None,
           end: date | None = None) -> Response:
    """The evaluation report as Excel (``report.xlsx``) or PDF with charts (``report.pdf``)."""
    if fmt not in ("xlsx", "pdf"):
        raise NotFound(entity=Msg(N_("Report format")), id=fmt[:20])
    period = period_of(uow, principal, plan_id, month, start, end)
    font = find_chinese_font(container.settings.pdf_font) if fmt == "pdf" else None
    x = export_report(uow, principal, plan_id, period, fmt, font)
    return Response(x.content, media_type=x.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{x.filename}"'})


@router.get("/report-runs", response_model=list[ReportRunPublic])
def report_runs(uow: ReadUowDep, principal: Reader) -> list[ReportRunPublic]:
    """The latest runs of the monthly report job."""
    return [ReportRunPublic.model_validate(r, from_attributes=True)
            for r in service.report_runs(uow, principal)]


@router.post("/holdout-lifts", response_model=LiftPublic, status_code=201)
def request_lift(body: LiftRequestIn, uow: UowDep, principal: Manager) -> LiftPublic:
    """Ask to lift one held-out customer's lock, with a reason (another manager decides)."""
    done = lift_holdout_lock(uow, principal,
                             RequestLift(body.customer_id, body.reason))
    uow.commit()
    return LiftPublic(id=done)


@router.post("/holdout-lifts/{lift_id}/decision", response_model=LiftPublic)
def decide_lift(lift_id: int, body: LiftDecisionIn, uow: UowDep,
                principal: Manager) -> LiftPublic:
    """Approve or reject a pending lift; the requester may not decide their own."""
    done = lift_holdout_lock(uow, principal,
                             DecideLift(lift_id, body.approve, body.note))
    uow.commit()
    return LiftPublic(id=done)
