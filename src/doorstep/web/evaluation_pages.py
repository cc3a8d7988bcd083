"""Evaluation pages: plan dashboards with charts, effect of visits, satisfaction.

The service computes every figure; this module only formats them for the templates.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.core.access import Permission, Principal
from doorstep.evaluation import refresh, service
from doorstep.evaluation.effect import MEASURES, Comparison
from doorstep.evaluation.kpis import KPI_LABELS, format_kpi, kpi_values
from doorstep.evaluation.model import DIMENSION_LABELS, Dimension, GroupKpis
from doorstep.evaluation.reports.bundle import BREAKDOWN_METRICS
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, page(Permission.EVALUATION_READ)]
DateArg = Annotated[date | None, Query()]
TABS = (Dimension.TEAM, Dimension.STAFF, Dimension.BUSINESS_LINE, Dimension.BRANCH)
_CMP = {">=": "≥", "<=": "≤"}


def _kpi_name(metric: str, lang: str) -> str:
    return label(KPI_LABELS[metric], lang) if metric in KPI_LABELS else metric


def _rows(groups: list[GroupKpis]) -> list[dict[str, Any]]:
    out = []
    for g in groups:
        values = kpi_values(g.counts)
        out.append({"name": g.name, "cases": g.counts.cases,
                    "cells": [format_kpi(m, values[m]) for m in BREAKDOWN_METRICS]})
    return out


def _chart(labels: list[str], series: list[tuple[str, list[float | None], str]],
           kind: str = "bar") -> str:
    """Chart data for evaluation.js: labels, and (name, values, axis unit) per series."""
    return json.dumps({"type": kind, "labels": labels, "series": [
        {"name": n, "values": v, "unit": u} for n, v, u in series]}, ensure_ascii=False)


def _pct(v: float | None) -> float | None:
    return None if v is None else round(v * 100, 1)


def _charts(team: list[GroupKpis], line: list[GroupKpis], trend: list[tuple[str, int]],
            lang: str) -> dict[str, str]:
    tv = [kpi_values(g.counts) for g in team[:12]]
    lv = [kpi_values(g.counts) for g in line]
    return {
        "team": _chart([g.name for g in team[:12]], [
            (_kpi_name("visits_done", lang), [v["visits_done"] for v in tv], ""),
            (_kpi_name("resolution_rate", lang), [_pct(v["resolution_rate"]) for v in tv], "%")]),
        "line": _chart([g.name for g in line], [
            (_kpi_name("escalation_rate", lang), [_pct(v["escalation_rate"]) for v in lv], "%"),
            (_kpi_name("litigation_rate", lang), [_pct(v["litigation_rate"]) for v in lv], "%")]),
        "trend": _chart([m for m, _ in trend], [
            (_kpi_name("visits_done", lang), [float(n) for _, n in trend], "")], "line"),
    }


def _max_age(request: Request) -> timedelta:
    return timedelta(minutes=request.app.state.container.settings.kpi_snapshot_minutes)


def _query(start: date, end: date) -> str:
    return f"start={start.isoformat()}&end={end.isoformat()}"


@router.get("/evaluation")
def index(request: Request, uow: ReadUowDep, principal: Reader) -> Response:
    """The plans to evaluate, whole-bank exports and the monthly report runs."""
    today = uow.clock.now().date()
    return render(request, "evaluation/index.html", {
        "plans": service.visible_plans(uow, principal),
        "runs": service.report_runs(uow, principal),
        "can_export": principal.can(Permission.REPORT_EXPORT),
        "bank_query": _query(today.replace(day=1), today)})


@router.get("/evaluation/plans/{plan_id}")
def dashboard(plan_id: int, request: Request, uow: ReadUowDep, principal: Reader,
              start: DateArg = None, end: DateArg = None) -> Response:
    """A plan's dashboard: KPIs, goals against targets, charts and breakdowns."""
    lang = language_of(request)
    plan = service.visible_plan(uow, principal, plan_id)
    period = service.plan_period(plan, start, end)
    view = service.dashboard_view(uow, principal, plan_id, period,
                                  (Dimension.TEAM, Dimension.BUSINESS_LINE), _max_age(request))
    k, team, line = view.kpis, view.by[Dimension.TEAM], view.by[Dimension.BUSINESS_LINE]
    goals = [{"name": _kpi_name(g.goal.metric, lang), "met": g.met,
              "known": g.actual is not None,
              "target": f"{_CMP.get(g.goal.comparator, g.goal.comparator)} "
                        f"{format_kpi(g.goal.metric, g.goal.target)}",
              "actual": format_kpi(g.goal.metric, g.actual),
              "bar": _bar(g.actual, g.goal.target)} for g in k.goals]
    return render(request, "evaluation/dashboard.html", {
        "k": k, "plan": plan, "period": period, "query": _query(period.start, period.end),
        "tiles": [(_kpi_name(m, lang), format_kpi(m, v), m) for m, v in k.values.items()],
        "goals": goals, "charts": _charts(team, line, view.trend, lang),
        "as_of": view.as_of_label, "can_refresh": principal.can(Permission.PLAN_MANAGE),
        "tabs": [(d.value, label(DIMENSION_LABELS[d], lang)) for d in TABS], "by": "team",
        "heads": [_kpi_name(m, lang) for m in BREAKDOWN_METRICS], "rows": _rows(team),
        "can_export": principal.can(Permission.REPORT_EXPORT)})


def _bar(actual: float | None, target: float) -> int:
    if actual is None or not target:
        return 0
    return max(0, min(100, round(actual / target * 100)))


@router.get("/evaluation/plans/{plan_id}/breakdown")
def breakdown(plan_id: int, request: Request, uow: ReadUowDep, principal: Reader,
              by: Dimension = Dimension.TEAM, start: DateArg = None,
              end: DateArg = None) -> Response:
    """One breakdown table (htmx fragment for the dimension tabs)."""
    lang = language_of(request)
    period = service.plan_period(service.visible_plan(uow, principal, plan_id), start, end)
    return render(request, "evaluation/_breakdown.html", {
        "plan": service.visible_plan(uow, principal, plan_id), "by": by.value,
        "query": _query(period.start, period.end),
        "tabs": [(d.value, label(DIMENSION_LABELS[d], lang)) for d in TABS],
        "heads": [_kpi_name(m, lang) for m in BREAKDOWN_METRICS],
        "rows": _rows(service.dashboard_view(uow, principal, plan_id, period, (by,),
                                             _max_age(request)).by[by])})


@router.post("/evaluation/plans/{plan_id}/refresh")
def refresh_now(plan_id: int, container: ContainerDep,
                principal: Annotated[Principal, page_form(Permission.PLAN_MANAGE)],
                start: DateArg = None, end: DateArg = None) -> Response:
    """Recompute the KPI snapshot this manager sees (their scope, this period) now."""
    with container.uow() as uow:
        period = service.plan_period(service.visible_plan(uow, principal, plan_id), start, end)
        refresh.refresh_view(uow, principal, plan_id, period)
        uow.commit()
    return RedirectResponse(f"/evaluation/plans/{plan_id}?{_query(period.start, period.end)}",
                            status_code=303)


def _level(v: float | None, rate: bool) -> str:
    if v is None:
        return "—"
    return f"{v * 100:.1f}%" if rate else f"¥{v:,.2f}"


def _change(v: float | None, rate: bool) -> str:
    if v is None:
        return "—"
    return f"{v * 100:+.1f}" if rate else f"{v:+,.2f}"


def _comparison(c: Comparison, verdicts: dict[str, str]) -> dict[str, Any]:
    rows = []
    for e in c.estimates:
        rate = MEASURES[e.measure].rate
        rows.append({"measure": MEASURES[e.measure].name(), "treated": _level(e.treated, rate),
                     "control": _level(e.control, rate),
                     "difference": _change(e.difference, rate),
                     "interval": f"{_change(e.low, rate)} ~ {_change(e.high, rate)}",
                     "verdict": verdicts[e.measure], "significant": e.significant})
    rates = [e for e in c.estimates if MEASURES[e.measure].rate and e.difference is not None]
    chart = json.dumps({"labels": [MEASURES[e.measure].name() for e in rates],
                        "values": [_pct(e.difference) for e in rates],
                        "low": [_pct(e.low) for e in rates],
                        "high": [_pct(e.high) for e in rates]}, ensure_ascii=False)
    return {"c": c, "rows": rows, "chart": chart}


def _cace_rows(e: service.Effect) -> list[dict[str, str]]:
    return [{"measure": MEASURES[x.measure].name(),
             "difference": _change(x.difference, MEASURES[x.measure].rate),
             "interval": f"{_change(x.low, MEASURES[x.measure].rate)} ~ "
                         f"{_change(x.high, MEASURES[x.measure].rate)}"} for x in e.cace]


@router.get("/evaluation/plans/{plan_id}/effect")
def effect(plan_id: int, request: Request, uow: ReadUowDep, principal: Reader) -> Response:
    """Intention to treat on the randomised (visit arm vs holdout), headline and caveats,
    the effect of a visit made, challenger vs champion (htmx fragment, Neyman intervals)."""
    e = service.effect_of_visits(uow, principal, plan_id, max_age=_max_age(request))
    f = e.figures
    return render(request, "evaluation/_effect.html", {
        "visits": _comparison(e.visits, e.visit_verdicts),
        "challenger": _comparison(e.challenger, e.challenger_verdicts),
        "headline": e.headline, "caveats": e.caveats, "cace": _cace_rows(e),
        "compliance": _change(f.compliance, True), "manual_n": f.manual_n,
        "mde": _change(f.mde, True).lstrip("+"), "lifted": f.lifted})


@router.get("/evaluation/plans/{plan_id}/satisfaction")
def satisfaction(plan_id: int, request: Request, uow: ReadUowDep, principal: Reader,
                 start: DateArg = None, end: DateArg = None) -> Response:
    """Survey results, comments worst first with their scores, and the main themes."""
    lang = language_of(request)
    plan = service.visible_plan(uow, principal, plan_id)
    period = service.plan_period(plan, start, end)
    k = service.plan_kpis(uow, principal, plan_id, period)
    tiles = [(_kpi_name(m, lang), format_kpi(m, k.values[m]))
             for m in ("csat", "nps", "survey_response_rate")]
    return render(request, "evaluation/satisfaction.html", {
        "plan": plan, "period": period, "query": _query(period.start, period.end),
        "tiles": tiles, "s": service.satisfaction(uow, principal, period, plan_id)})
