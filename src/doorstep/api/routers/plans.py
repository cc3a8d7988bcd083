"""Plan endpoints: list, create, read with progress, edit with version, steps."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from doorstep.core.access import Permission, Principal
from doorstep.evaluation.kpis import Goal
from doorstep.http.deps import ReadUowDep, UowDep, allow
from doorstep.plans import service
from doorstep.plans.model import Plan, PlanDraft, StepDraft

router = APIRouter(prefix="/api/v1/plans", tags=["plans"])
Reader = Annotated[Principal, allow(Permission.PLAN_READ)]
Manager = Annotated[Principal, allow(Permission.PLAN_MANAGE)]


class GoalIn(BaseModel):
    metric: str = Field(examples=["resolution_rate"])
    comparator: str = Field(">=", examples=[">="])
    target: float


class StepIn(BaseModel):
    title: str = Field(max_length=200)
    due_on: date
    owner_user_id: int | None = None
    id: int | None = None


class PlanIn(BaseModel):
    name: str = Field(max_length=100)
    period_start: date
    period_end: date
    business_lines: list[str]
    branch_ids: list[int] = []
    visit_budget: int
    holdout_share: float = 0.1
    goals: list[GoalIn] = []
    steps: list[StepIn] = []

    def draft(self) -> PlanDraft:
        return PlanDraft(
            self.name, self.period_start, self.period_end, tuple(self.business_lines),
            tuple(self.branch_ids), self.visit_budget, self.holdout_share,
            tuple(Goal(g.metric, g.comparator, g.target) for g in self.goals),
            tuple(StepDraft(s.title, s.due_on, s.owner_user_id, s.id) for s in self.steps))


class PlanUpdate(PlanIn):
    version: int = Field(ge=1, description="The version you read; 409 if it changed")


class StepPublic(BaseModel):
    id: int
    title: str
    due_on: date
    owner_user_id: int | None
    done: bool
    late: bool


class GoalPublic(BaseModel):
    metric: str
    comparator: str
    target: float
    value: float | None = None
    met: bool = False


class PlanPublic(BaseModel):
    id: int
    name: str
    period_start: date
    period_end: date
    business_lines: list[str]
    branch_ids: list[int]
    visit_budget: int
    holdout_share: float
    status: str
    version: int
    goals: list[GoalPublic]
    steps: list[StepPublic]
    steps_done: int | None = None
    steps_late: int | None = None


def to_public(plan: Plan, today: date) -> PlanPublic:
    return PlanPublic(
        id=plan.id, name=plan.name, period_start=plan.period_start, period_end=plan.period_end,
        business_lines=list(plan.business_lines), branch_ids=list(plan.branch_ids),
        visit_budget=plan.visit_budget, holdout_share=plan.holdout_share, status=plan.status,
        version=plan.version,
        goals=[GoalPublic(metric=g.metric, comparator=g.comparator, target=g.target)
               for g in plan.goals],
        steps=[StepPublic(id=s.id, title=s.title, due_on=s.due_on,
                          owner_user_id=s.owner_user_id, done=s.done_at is not None,
                          late=s.late_on(today)) for s in plan.steps])


class Created(BaseModel):
    id: int
    version: int


@router.get("", response_model=list[PlanPublic])
def list_plans(uow: ReadUowDep, principal: Reader) -> list[PlanPublic]:
    """Plans the caller may see, newest period first."""
    today = uow.clock.now().date()
    return [to_public(p, today) for p in service.list_plans(uow, principal)]


@router.post("", response_model=Created, status_code=201)
def create_plan(body: PlanIn, uow: UowDep, principal: Manager) -> Created:
    """Create a plan (validated: period, holdout share 0–0.5, budget > 0, known metrics)."""
    done = service.create_plan(uow, principal, body.draft())
    uow.commit()
    return Created(id=done, version=1)


@router.get("/{plan_id}", response_model=PlanPublic)
def get_plan(plan_id: int, uow: ReadUowDep, principal: Reader) -> PlanPublic:
    """A plan with its steps done / late and each goal's value so far."""
    p = service.plan_progress(uow, principal, plan_id)
    out = to_public(p.plan, p.today)
    out.goals = [GoalPublic(metric=g.goal.metric, comparator=g.goal.comparator,
                            target=g.goal.target, value=g.actual, met=g.met) for g in p.goals]
    out.steps_done, out.steps_late = p.steps_done, p.steps_late
    return out


@router.patch("/{plan_id}", response_model=Created)
def edit_plan(plan_id: int, body: PlanUpdate, uow: UowDep, principal: Manager) -> Created:
    """Edit a plan; the version you read must still be current (409 otherwise)."""
    version = service.edit_plan(uow, principal, plan_id, body.draft(), body.version)
    uow.commit()
    return Created(id=plan_id, version=version)


@router.post("/{plan_id}/steps/{step_id}/done")
def step_done(plan_id: int, step_id: int, uow: UowDep, principal: Manager) -> dict[str, bool]:
    """Mark a step done (a second call changes nothing)."""
    done = service.mark_step_done(uow, principal, plan_id, step_id)
    uow.commit()
    return {"changed": done}
