"""Screening endpoints: strategies, runs, the explained list, edits, approval."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from doorstep.api.routers.jobs import JobPublic, accepted, job_public
from doorstep.api.screening_schemas import (
    ApprovalCreate,
    ApprovalPublic,
    RunCreate,
    RunPublic,
    SelectionEditCreate,
    SelectionPagePublic,
    StrategyPublic,
    run_public,
    selection_public,
    strategy_public,
)
from doorstep.container import Container
from doorstep.core.access import Permission, Principal
from doorstep.core.i18n import pgettext
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow
from doorstep.http.language import language_of
from doorstep.jobs.service import start, view
from doorstep.screening import approval, strategies, views

router = APIRouter(prefix="/api/v1/screening", tags=["screening"])
Reader = Annotated[Principal, allow(Permission.SCREENING_READ)]
Runner = Annotated[Principal, allow(Permission.SCREENING_RUN)]
Approver = Annotated[Principal, allow(Permission.SCREENING_APPROVE)]


def _run(container: Container, principal: Principal, run_id: int) -> RunPublic:
    with container.uow(write=False) as read:
        every = approval.view_run(read, principal, run_id)
        return run_public(every.run, views.run_counts(every.rows))


@router.get("/strategies", response_model=list[StrategyPublic])
def list_strategies(uow: ReadUowDep, principal: Reader) -> list[StrategyPublic]:
    """Every strategy, newest first: rule sets per business line and the model's AUC/Brier."""
    return [strategy_public(s, m) for s, m in strategies.list_strategies(uow, principal)]


@router.get("/runs", response_model=list[RunPublic])
def list_runs(uow: ReadUowDep, principal: Reader,
              plan_id: int | None = Query(None, ge=1)) -> list[RunPublic]:
    """The latest runs, newest first, optionally of one plan."""
    return [run_public(r) for r in views.runs_by_plan(uow, principal, plan_id)]


@router.post("/runs", response_model=JobPublic, status_code=202)
def create_run(body: RunCreate, request: Request, response: Response, container: ContainerDep,
               principal: Runner) -> JobPublic:
    """Start screening a plan's customers; follow the job at ``Location`` for the run."""
    params = body.model_dump(mode="json") | {
        "as_of": (body.as_of or container.clock.now().date()).isoformat()}
    job_id = start(container, principal, "screening.run", params)
    accepted(response, job_id)
    with container.uow(write=False) as uow:
        return job_public(view(uow, principal, job_id), language_of(request))


@router.get("/runs/{run_id}", response_model=RunPublic)
def get_run(run_id: int, container: ContainerDep, principal: Reader) -> RunPublic:
    """One run: status, who approved it and when, and its counts by group."""
    return _run(container, principal, run_id)


@router.get("/runs/{run_id}/selections", response_model=SelectionPagePublic)
def list_selections(
    run_id: int, uow: ReadUowDep, principal: Reader,
    group: str | None = Query(None, pattern="^(selected|holdout|excluded|removed)$"),
    business_line: str | None = Query(None, max_length=32),
    page: int = Query(1, ge=1, le=100_000), page_size: int = Query(50, ge=1, le=500),
) -> SelectionPagePublic:
    """A run's list with rank, risk, expected benefit, matched rules and reason codes."""
    rows = approval.view_run(uow, principal, run_id, group, business_line).rows
    start = (page - 1) * page_size
    return SelectionPagePublic(items=[selection_public(r) for r in rows[start:start + page_size]],
                               total=len(rows), page=page, page_size=page_size)


@router.post("/runs/{run_id}/add", response_model=RunPublic)
def add_customer(run_id: int, body: SelectionEditCreate, uow: UowDep, container: ContainerDep,
                 principal: Runner) -> RunPublic:
    """Put a customer on a draft list by hand; the reason is stored and audited."""
    approval.add_customer(uow, principal, approval.EditSelection(
        run_id, body.customer_id, body.reason, body.version))
    uow.commit()
    return _run(container, principal, run_id)


@router.post("/runs/{run_id}/remove", response_model=RunPublic)
def remove_customer(run_id: int, body: SelectionEditCreate, uow: UowDep,
                    container: ContainerDep, principal: Runner) -> RunPublic:
    """Take a customer off a draft list; the reason is stored and audited."""
    approval.remove_customer(uow, principal, approval.EditSelection(
        run_id, body.customer_id, body.reason, body.version))
    uow.commit()
    return _run(container, principal, run_id)


@router.post("/runs/{run_id}/approve", response_model=ApprovalPublic)
def approve_run(run_id: int, body: ApprovalCreate, uow: UowDep, container: ContainerDep,
                principal: Approver) -> ApprovalPublic:
    """Approve a draft list: each selected entry becomes an approved case."""
    case_ids = approval.approve_run(uow, principal, run_id, body.version, container.authority,
                                    body.reason or pgettext("approval reason", "List approved"))
    uow.commit()
    return ApprovalPublic(run=_run(container, principal, run_id), case_ids=case_ids)
