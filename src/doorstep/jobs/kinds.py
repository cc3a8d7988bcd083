"""The jobs there are: each wraps an existing service function, as the principal that
submitted it, in one transaction where the effect must happen exactly once.

A kind whose ``run`` commits through ``ctx.uow()`` (screening runs, route plans) marks the
job done in the same transaction as its effect. The others are idempotent by their own
rules (the outbox sends a message once, a report or a retrain with the same inputs is
kept, a KPI refresh or a retention purge is the same when repeated).

Imports (``data.import``, :mod:`doorstep.jobs.imports`) commit through ``ctx.uow()`` too, and
the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from doorstep.core.access import Permission
from doorstep.core.clock import local
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.jobs.imports import run_import
from doorstep.jobs.runner import JobContext

Run = Callable[[JobContext, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    name: str
    permission: Permission
    run: Run
    #: Whether a person may start it through the API (the rest run on the schedule).
    on_demand: bool = True


def _need(p: dict[str, Any], name: str) -> Any:
    """A parameter the job cannot run without (a user error, not retried)."""
    if p.get(name) in (None, ""):
        raise ValidationFailed(N_("Missing parameter: %(name)s"), name=name)
    return p[name]


def _date(value: Any, field: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ValidationFailed(N_("%(field)s: bad date"), field=field) from error


def screening_run(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    from doorstep.screening.config import engine_for, snapshot_storage
    from doorstep.screening.runs import RunScreening, compute_run, store_run

    steps = {"features": 0.1, "rules and risk": 0.5, "ranking": 0.7, "reasons": 0.8}
    cmd = RunScreening(plan_id=int(_need(p, "plan_id")), as_of=_date(_need(p, "as_of"), "as_of"),
                       seed=int(p.get("seed", 7)), strategy_id=p.get("strategy_id"),
                       challenger_strategy_id=p.get("challenger_strategy_id"),
                       challenger_share=float(p.get("challenger_share", 0.0)))
    settings = ctx.container.settings
    engine = engine_for(settings, str(p.get("engine", "duckdb")))
    # Worked out in a read transaction (SQLite's write lock stays free for the pages), then
    # written in one short transaction that also marks the job done: exactly once.
    with ctx.container.uow(write=False) as uow:
        run = compute_run(uow, ctx.principal, cmd, engine,
                          lambda step: ctx.progress(steps.get(step, 0.5), step),
                          storage=snapshot_storage(settings))
    ctx.progress(0.9, "saving")
    with ctx.uow() as uow:
        run_id = store_run(uow, ctx.principal, run)
        uow.commit()
    return {"kind": "screening_run", "id": str(run_id)}


def route_plan(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    from doorstep.visits.dispatch.service import plan_day
    from doorstep.visits.routing import RoutingParams
    from doorstep.visits.routing.osrm import provider_from

    s = ctx.container.settings
    params = replace(RoutingParams(), seconds=float(p.get("seconds", 10)))
    travel = provider_from(s.routing_travel, s.routing_osrm_url, s.routing_osrm_timeout)
    ctx.progress(0.1, "routing")
    with ctx.uow() as uow:
        day = plan_day(uow, ctx.principal, int(_need(p, "branch_id")),
                       _date(_need(p, "day"), "day"),
                       params, int(p.get("seed", 7)), travel=travel)
        uow.commit()
    return {"kind": "route_plan", "id": str(day.stored.id), **{
        k: v for k, v in day.stored.stats.items() if k != "snapshot"}}


def routes_tomorrow(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    """Nightly: one route-planning job per branch for tomorrow (each exactly once)."""
    from doorstep.jobs.service import start

    c = ctx.container
    tomorrow = (local(c.clock.now()) + timedelta(days=1)).date()
    with c.uow(write=False) as uow:
        branches = list(uow.evaluation.branch_ids())
    ids = [start(c, ctx.principal, "routes.plan", {"branch_id": b, "day": tomorrow.isoformat(),
                                                   "seconds": p.get("seconds", 10)})
           for b in branches]
    return {"day": tomorrow.isoformat(), "jobs": ids}


def monthly_report(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    from doorstep.documents.pdf import find_chinese_font
    from doorstep.evaluation.reports.monthly import run_monthly

    c = ctx.container
    month = str(p.get("month") or (local(c.clock.now()).replace(day=1) - timedelta(days=1))
                .strftime("%Y-%m"))
    out = c.settings.evidence_dir.parent / "reports"  # never a path from the request
    ctx.progress(0.2, "report")
    with c.uow() as uow:
        run = run_monthly(uow, ctx.principal, month, p.get("plan_id"), out,
                          find_chinese_font(c.settings.pdf_font))
        uow.commit()
    return {"month": month, "out_dir": str(out), "run": repr(run)[:500]}


def retrain(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    from doorstep.evaluation.improvement import service
    from doorstep.screening.features import make_engine

    c = ctx.container
    as_of = _date(p["as_of"], "as_of") if p.get("as_of") else local(c.clock.now()).date()
    cmd = service.Retrain(as_of=as_of, seed=int(p.get("seed", 7)),
                          cutoff=_date(p["cutoff"], "cutoff") if p.get("cutoff") else None)
    total = len(service.STEPS)
    with c.uow() as uow:
        result = service.retrain(uow, ctx.principal, make_engine("duckdb"), cmd,
                                 lambda step, done, _n: ctx.progress(done / total, step))
        uow.commit()
    return {"kind": "model_comparison", "id": str(result.review.id),
            "created": result.created}


def outbox_deliver(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    from doorstep.jobs.delivery import deliver_now

    report = deliver_now(ctx.container)
    return {"sent": report.sent, "failed": report.failed, "gave_up": report.gave_up,
            "held": report.held, "receipts": report.receipts}


def kpi_refresh(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    from doorstep.evaluation.refresh import active_plan_ids, refresh_plan

    c = ctx.container
    with c.uow(write=False) as uow:
        plan_ids = active_plan_ids(uow, ctx.principal)
    written = 0
    for n, plan_id in enumerate(plan_ids):
        ctx.progress(n / max(len(plan_ids), 1), f"plan {plan_id}")
        with c.uow() as uow:
            written += refresh_plan(uow, ctx.principal, plan_id)
            uow.commit()
    return {"plans": len(plan_ids), "snapshots": written}


def retention(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    from doorstep.ops.retention import RetentionSchedule
    from doorstep.store.retention import run_purge
    from doorstep.visits.records.config import file_store

    c = ctx.container
    report = run_purge(c.engine, c.settings.evidence_dir, RetentionSchedule.from_file(),
                       c.clock.now(), actor=ctx.principal.actor, dry_run=False,
                       files=file_store(c.settings))
    return {"purged": report.counts()}


def timers(ctx: JobContext, p: dict[str, Any]) -> dict[str, Any]:
    """Instalments due (reminders, kept/broken agreements), and what fell overdue: each
    overdue case, complaint and expiring certificate is told to its staff once."""
    from doorstep.jobs import timers as act
    from doorstep.store.repositories.timers import due_counts
    from doorstep.training.service import expiring_certificates
    from doorstep.visits.records.agreements import ImportReport, review_agreements
    from doorstep.visits.records.config import field_params

    c = ctx.container
    report = ImportReport()
    with c.uow() as uow:
        review_agreements(uow, c.policy, field_params(c.settings), report)
        uow.commit()
    with c.uow(write=False) as uow:
        expiring = expiring_certificates(uow, ctx.principal, 30)
        counts = due_counts(uow.conn, c.clock.now())
    notices = act.Notices()
    with c.uow() as uow:
        act.sla_due(uow, notices)
        act.complaints_overdue(uow, notices)
        act.mediations_overdue(uow, notices)
        act.certificates_expiring(uow, [(e.staff_id, e.staff_no, e.kind,
                                         e.expires_on.isoformat()) for e in expiring], notices)
        uow.commit()
    return counts | notices.as_dict() | {"agreements_kept": len(report.kept), "agreements_broken":
                     len(report.broken), "reminders": report.reminders,
                     "certificates_expiring_30d": len(expiring)}


KINDS: dict[str, JobKind] = {k.name: k for k in (
    JobKind("screening.run", Permission.SCREENING_RUN, screening_run),
    JobKind("routes.plan", Permission.ROUTE_PLAN, route_plan),
    JobKind("routes.plan_tomorrow", Permission.ROUTE_PLAN, routes_tomorrow, on_demand=False),
    JobKind("reports.monthly", Permission.REPORT_EXPORT, monthly_report),
    JobKind("screening.retrain", Permission.SCREENING_RUN, retrain),
    JobKind("outbox.deliver", Permission.ROUTE_PLAN, outbox_deliver, on_demand=False),
    JobKind("evaluation.refresh", Permission.PLAN_MANAGE, kpi_refresh),
    JobKind("ops.retention", Permission.PLAN_MANAGE, retention, on_demand=False),
    JobKind("timers", Permission.PLAN_MANAGE, timers, on_demand=False),
    JobKind("data.import", Permission.DATA_IMPORT, run_import),
)}
