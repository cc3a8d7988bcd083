"""Screening pages: strategies, runs per plan, a run's explained list, edits and
approval. They call the screening services and render; they decide nothing."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError, NotFound, ValidationFailed
from doorstep.core.i18n import N_, translate, translate_in
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation.power import minimum_detectable_effect
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.jobs.service import start
from doorstep.screening import approval, strategies, views
from doorstep.screening.features import make_engine
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
#: What the run page says after an action (``?done=…``).
DONE = {"run": N_("Screening done; the list awaits approval."),
        "remove": N_("The customer was removed."), "add": N_("The customer was added."),
        "approve": N_("Approved; cases opened.")}
#: The words for a run's status, a row's group and arm, and a model's status (msgids).
LABELS = {
    "status": {"draft": N_("Awaiting approval"), "approved": N_("List approved")},
    "group": {"selected": N_("Selected"), "holdout": N_("Holdout (not visited)"),
              "excluded": N_("Over the budget"), "removed": N_("Removed by hand")},
    "arm": {"champion": N_("Champion"), "challenger": N_("Challenger"),
            "manual": N_("Added by hand"), "holdout": N_("Holdout group")},
    "model": {"current": N_("current"), "candidate": N_("candidate"), "retired": N_("retired")},
}


def _int(value: str | None, default: int | None = None) -> int | None:
    return int(value) if value and value.isdigit() else default


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValidationFailed(N_("Invalid date %(value)s: write it as year-month-day"),
                               value=value) from None


def _runs_page(request: Request, uow: UnitOfWork, principal: Principal, plan_id: int | None,
               today: str, flash: str = "", status: int = 200) -> Response:
    plans = views.list_plans(uow, principal)
    return render(request, "screening/runs.html", {
        "plans": plans, "plan_names": {p.id: p.name for p in plans}, "plan_id": plan_id,
        "runs": views.runs_by_plan(uow, principal, plan_id), "today": today,
        "can_run": principal.can(Permission.SCREENING_RUN),
        "selected_of": views.selected_at_run, "flash": flash, "flash_kind": "error",
        "labels": LABELS},
        status_code=status)


@router.get("/screening")
def runs_page(request: Request, uow: ReadUowDep,
              principal: Annotated[Principal, page(Permission.SCREENING_READ)],
              plan: str = "") -> Response:
    """Runs per plan, newest first, and the form that starts a run."""
    return _runs_page(request, uow, principal, _int(plan), uow.clock.now().date().isoformat())


@router.get("/screening/strategies")
def strategies_page(request: Request, uow: ReadUowDep,
                    principal: Annotated[Principal, page(Permission.SCREENING_READ)]) -> Response:
    """Strategies: rule sets per business line, model version with AUC and Brier score."""
    return render(request, "screening/strategies.html",
                  {"strategies": strategies.list_strategies(uow, principal), "labels": LABELS})


@router.post("/screening/runs")
def start_run(request: Request, container: ContainerDep,
              principal: Annotated[Principal, page_form(Permission.SCREENING_RUN)],
              plan_id: Annotated[int, Form(ge=1)], engine: Annotated[str, Form()] = "duckdb",
              seed: Annotated[int, Form(ge=0)] = 7, as_of: Annotated[str, Form()] = "") -> Response:
    """Start screening a plan; its job page shows progress, then the new draft list."""
    try:
        day = _date(as_of) or container.clock.now().date()
        make_engine(engine)  # an unknown engine is refused before anything is queued
        job_id = start(container, principal, "screening.run", {
            "plan_id": plan_id, "as_of": day.isoformat(), "seed": seed, "engine": engine})
    except DoorstepError as exc:
        message, status = error_message(exc, language_of(request)), exc.http_status
    else:
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)
    with container.uow(write=False) as read:
        return _runs_page(request, read, principal, plan_id, as_of, message, status)


def _run_context(request: Request, uow: UnitOfWork, principal: Principal,
                 run_id: int) -> dict[str, Any]:
    params = {k: v for k, v in request.query_params.items() if v}
    chosen = params.get("group", "selected")  # the list to visit first; "all" shows every group
    chosen = chosen if chosen in (*views.GROUPS, "all") else "selected"
    group = "" if chosen == "all" else chosen
    line = params.get("business_line", "")[:32]
    every = approval.view_run(uow, principal, run_id)
    rows = approval.view_run(uow, principal, run_id, group, line).rows
    page_no = _int(params.get("page"), 1) or 1
    kept = {k: v for k, v in (("group", chosen), ("business_line", line)) if v}
    base = f"/screening/runs/{run_id}?"
    counts = views.run_counts(every.rows)
    mde = minimum_detectable_effect(counts.champion + counts.challenger + counts.removed,
                                    counts.holdout)
    note = every.run.summary.get("uplift_note")
    return {
        "run": every.run, "counts": counts, "labels": LABELS,
        "uplift_note": translate(str(note["code"]), language_of(request),
                                 **{k: v for k, v in note.items() if k != "code"})
        if isinstance(note, dict) and "code" in note else "",
        "mde": "—" if mde is None else f"{mde * 100:.1f}",
        "plan": views.plan_of(uow, principal, every.run.plan_id),
        "rows": rows[(page_no - 1) * PAGE_SIZE:page_no * PAGE_SIZE], "total": len(rows),
        "page": page_no, "pages": max(1, -(-len(rows) // PAGE_SIZE)),
        "page_url": lambda n: base + urlencode({**kept, "page": n}),
        "filters": kept, "groups": views.GROUPS,
        "lines": sorted({r.business_line for r in every.rows}),
        "conditions": views.rule_conditions(uow, principal, every.run),
        "can_edit": every.run.status == "draft" and principal.can(Permission.SCREENING_RUN),
        "can_approve": every.run.status == "draft"
        and principal.can(Permission.SCREENING_APPROVE),
    }


def _run_page(request: Request, uow: UnitOfWork, principal: Principal, run_id: int,
              flash: str = "", flash_kind: str = "ok", status: int = 200) -> Response:
    ctx = _run_context(request, uow, principal, run_id)
    htmx = request.headers.get("hx-request") and not request.headers.get(
        "hx-history-restore-request")
    response = render(request, "screening/_list.html" if htmx else "screening/run.html",
                      ctx | {"flash": flash, "flash_kind": flash_kind}, status_code=status)
    response.headers["Vary"] = "HX-Request"
    return response


@router.get("/screening/runs/{run_id}")
def run_page(run_id: int, request: Request, uow: ReadUowDep,
             principal: Annotated[Principal, page(Permission.SCREENING_READ)],
             done: str = "") -> Response:
    """A run: summary, the ranked list with why each customer is on it, edits, approval."""
    flash = translate_in(language_of(request), DONE[done]) if done in DONE else ""
    return _run_page(request, uow, principal, run_id, flash)


def _edit(request: Request, container: ContainerDep, principal: Principal, run_id: int,
          action: str, customer_id: int, reason: str, version: int | None) -> Response:
    service = {"add": approval.add_customer, "remove": approval.remove_customer}[action]
    try:
        with container.uow() as uow:
            service(uow, principal, approval.EditSelection(run_id, customer_id, reason, version))
            uow.commit()
    except DoorstepError as exc:
        if isinstance(exc, NotFound) and action != "add":
            raise
        with container.uow(write=False) as read:
            return _run_page(request, read, principal, run_id,
                             error_message(exc, language_of(request)), "error", exc.http_status)
    return RedirectResponse(f"/screening/runs/{run_id}?done={action}", status_code=303)


@router.post("/screening/runs/{run_id}/remove")
def remove_customer(run_id: int, request: Request, container: ContainerDep,
                    principal: Annotated[Principal, page_form(Permission.SCREENING_RUN)],
                    customer_id: Annotated[int, Form(ge=1)], reason: Annotated[str, Form()] = "",
                    version: Annotated[int | None, Form()] = None) -> Response:
    """Take a customer off the draft list, with a reason."""
    return _edit(request, container, principal, run_id, "remove", customer_id, reason, version)


@router.post("/screening/runs/{run_id}/add")
def add_customer(run_id: int, request: Request, container: ContainerDep,
                 principal: Annotated[Principal, page_form(Permission.SCREENING_RUN)],
                 customer_id: Annotated[int, Form(ge=1)], reason: Annotated[str, Form()] = "",
                 version: Annotated[int | None, Form()] = None) -> Response:
    """Put a customer on the draft list by hand, with a reason."""
    return _edit(request, container, principal, run_id, "add", customer_id, reason, version)


@router.post("/screening/runs/{run_id}/approve")
def approve(run_id: int, request: Request, container: ContainerDep,
            principal: Annotated[Principal, page_form(Permission.SCREENING_APPROVE)],
            version: Annotated[int | None, Form()] = None) -> Response:
    """Approve the list the approver looked at: selected entries become approved cases."""
    try:
        with container.uow() as uow:
            approval.approve_run(uow, principal, run_id, version, container.authority)
            uow.commit()
    except DoorstepError as exc:
        if isinstance(exc, NotFound):
            raise
        with container.uow(write=False) as read:
            return _run_page(request, read, principal, run_id,
                             error_message(exc, language_of(request)), "error", exc.http_status)
    return RedirectResponse(f"/screening/runs/{run_id}?done=approve", status_code=303)
