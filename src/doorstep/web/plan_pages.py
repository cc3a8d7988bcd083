"""Plan pages: the list, the create / edit form, and the progress page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.cases.model import BUSINESS_LINES
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError, ValidationFailed
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation.kpis import COMPARATORS, GOAL_METRICS, KPI_LABELS, GoalCheck, is_rate
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.plans import service
from doorstep.plans.model import Plan
from doorstep.plans.service import PlanProgress
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.plan_forms import draft_from_form, form_values
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, page(Permission.PLAN_READ)]


def _owners(uow: UnitOfWork, plan: Plan | None) -> dict[int, str]:
    ids = {s.owner_user_id for s in plan.steps if s.owner_user_id} if plan else set()
    return {i: uow.users.by_id(i).username for i in ids}


def _owner_id(uow: UnitOfWork) -> Any:
    def find(username: str) -> int | None:
        if not username:
            return None
        row = uow.users.by_username(username)
        if row is None:
            raise ValidationFailed(N_("Owner %(username)s does not exist"), username=username)
        return int(row.id)
    return find


def _shown(value: float | None, metric: str) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if is_rate(metric) else f"{value:.2f}"


def _goal_row(g: GoalCheck, lang: str) -> dict[str, Any]:
    m = g.goal.metric
    name = label(KPI_LABELS[m], lang) if m in KPI_LABELS else m
    ratio = (g.actual / g.goal.target) if g.actual is not None and g.goal.target else 0.0
    shown = {">=": "≥", "<=": "≤"}.get(g.goal.comparator, g.goal.comparator)
    return {"name": name, "metric": m, "comparator": shown,
            "target": _shown(g.goal.target, m), "value": _shown(g.actual, m), "met": g.met,
            "known": g.actual is not None, "bar": max(0, min(100, round(ratio * 100)))}


def _form(request: Request, plan: Plan | None, owners: dict[int, str], error: str = "",
          status_code: int = 200) -> Response:
    lang = language_of(request)
    return render(request, "plans/form.html", {
        "plan": plan, "f": form_values(plan, owners), "error": error,
        "metrics": [(k, label(KPI_LABELS[k], lang)) for k in GOAL_METRICS],
        "comparators": list(COMPARATORS), "lines": BUSINESS_LINES}, status_code=status_code)


@router.get("/plans")
def plans(request: Request, uow: ReadUowDep, principal: Reader) -> Response:
    """Plans in the user's scope with period, scope and budget."""
    return render(request, "plans/list.html", {
        "plans": service.list_plans(uow, principal),
        "can_manage": principal.can(Permission.PLAN_MANAGE)})


@router.get("/plans/new")
def new_plan(request: Request,
             principal: Annotated[Principal, page(Permission.PLAN_MANAGE)]) -> Response:
    """An empty plan form."""
    return _form(request, None, {})


@router.post("/plans/new")
async def create(request: Request, container: ContainerDep,
                 principal: Annotated[Principal, page_form(Permission.PLAN_MANAGE)]) -> Response:
    """Create a plan from the form; problems are shown on the form."""
    form = await request.form()
    try:
        with container.uow() as uow:
            plan_id = service.create_plan(uow, principal, draft_from_form(form, _owner_id(uow)))
            uow.commit()
    except DoorstepError as exc:
        return _form(request, None, {}, error_message(exc, language_of(request)), 422)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.get("/plans/{plan_id}")
def progress(plan_id: int, request: Request, uow: ReadUowDep, principal: Reader) -> Response:
    """A plan's progress: steps done / late and each goal's target against its value."""
    p: PlanProgress = service.plan_progress(uow, principal, plan_id)
    lang = language_of(request)
    return render(request, "plans/detail.html", {
        "p": p, "plan": p.plan, "goals": [_goal_row(g, lang) for g in p.goals],
        "owners": _owners(uow, p.plan), "can_manage": principal.can(Permission.PLAN_MANAGE),
        "branch_names": service.branch_names(uow, principal, p.plan)})


@router.get("/plans/{plan_id}/edit")
def edit_form(plan_id: int, request: Request, uow: ReadUowDep,
              principal: Annotated[Principal, page(Permission.PLAN_MANAGE)]) -> Response:
    """The plan form filled with the stored plan and its version."""
    plan = service.get_plan(uow, principal, plan_id)
    return _form(request, plan, _owners(uow, plan))


@router.post("/plans/{plan_id}/edit")
async def edit(plan_id: int, request: Request, container: ContainerDep,
               principal: Annotated[Principal, page_form(Permission.PLAN_MANAGE)]) -> Response:
    """Save the edited plan if nobody changed it since the form was opened."""
    form = await request.form()
    version = str(form.get("version", "0"))
    try:
        with container.uow() as uow:
            service.edit_plan(uow, principal, plan_id, draft_from_form(form, _owner_id(uow)),
                              int(version) if version.isdigit() else 0)
            uow.commit()
    except DoorstepError as exc:
        with container.uow(write=False) as uow:
            plan = service.get_plan(uow, principal, plan_id)
            owners = _owners(uow, plan)
        return _form(request, plan, owners, error_message(exc, language_of(request)),
                     exc.http_status)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.post("/plans/{plan_id}/steps/{step_id}/done")
def step_done(plan_id: int, step_id: int, container: ContainerDep,
              principal: Annotated[Principal, page_form(Permission.PLAN_MANAGE)]) -> Response:
    """Mark a step done and show the plan again."""
    with container.uow() as uow:
        service.mark_step_done(uow, principal, plan_id, step_id)
        uow.commit()
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)
