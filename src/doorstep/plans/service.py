"""Plan use cases: list, create, edit (optimistic locking), mark a step done, progress."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import local
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation.kpis import GoalCheck, check_goals
from doorstep.evaluation.model import KpiCounts
from doorstep.plans.model import Plan, PlanDraft, validate
from doorstep.plans.progress import steps_status


@dataclass(frozen=True)
class PlanProgress:
    """A plan with its steps done / late / open and each goal's value so far."""

    plan: Plan
    today: date
    steps_done: int
    steps_late: int
    steps_open: int
    goals: list[GoalCheck]
    counts: KpiCounts


def _visible(principal: Principal, plan: Plan) -> bool:
    return principal.branch_id is None or plan.covers_branch(principal.branch_id)


def _load(uow: UnitOfWork, principal: Principal, plan_id: int) -> Plan:
    plan: Plan = uow.plans.get(plan_id)
    if not _visible(principal, plan):
        raise NotFound(entity=Msg(N_("Plan")), id=plan_id)
    return plan


def _summary(d: PlanDraft) -> dict[str, object]:
    out = asdict(d)
    out["period_start"], out["period_end"] = d.period_start.isoformat(), d.period_end.isoformat()
    out["steps"] = [{"title": s.title, "due_on": s.due_on.isoformat()} for s in d.steps]
    return out


def list_plans(uow: UnitOfWork, principal: Principal) -> list[Plan]:
    """Every plan the principal may see (a branch user: plans covering that branch)."""
    require(principal, Permission.PLAN_READ)
    return [p for p in uow.plans.list() if _visible(principal, p)]


def get_plan(uow: UnitOfWork, principal: Principal, plan_id: int) -> Plan:
    """One plan with its goals and steps."""
    require(principal, Permission.PLAN_READ)
    return _load(uow, principal, plan_id)


def create_plan(uow: UnitOfWork, principal: Principal, draft: PlanDraft) -> int:
    """Validate and store a new plan, audited."""
    require(principal, Permission.PLAN_MANAGE)
    validate(draft)
    plan_id: int = uow.plans.add(draft, principal.user_id or None, uow.clock.now())
    uow.audit(AuditEntry(principal.actor, "plan.created", "plan", str(plan_id), None,
                         _summary(draft), uow.clock.now()))
    return plan_id


def edit_plan(uow: UnitOfWork, principal: Principal, plan_id: int, draft: PlanDraft,
              expected_version: int) -> int:
    """Replace the plan's fields, goals and steps if nobody changed it meanwhile
    (``StaleVersion`` otherwise); returns the new version."""
    require(principal, Permission.PLAN_MANAGE)
    validate(draft)
    _load(uow, principal, plan_id)
    version: int = uow.plans.update(plan_id, expected_version, draft)
    uow.audit(AuditEntry(principal.actor, "plan.edited", "plan", str(plan_id),
                         {"version": expected_version}, {"version": version, **_summary(draft)},
                         uow.clock.now()))
    return version


def mark_step_done(uow: UnitOfWork, principal: Principal, plan_id: int, step_id: int) -> bool:
    """Record a step as done now (once; a second call changes nothing)."""
    require(principal, Permission.PLAN_MANAGE)
    _load(uow, principal, plan_id)
    changed: bool = uow.plans.mark_step_done(plan_id, step_id, uow.clock.now())
    if changed:
        uow.audit(AuditEntry(principal.actor, "plan.step_done", "plan", str(plan_id), None,
                             {"step_id": step_id}, uow.clock.now()))
    return changed


def plan_progress(uow: UnitOfWork, principal: Principal, plan_id: int) -> PlanProgress:
    """Steps done / late / open today and each goal's value from the plan's cases."""
    plan = get_plan(uow, principal, plan_id)
    today = local(uow.clock.now()).date()
    done, late, still_open = steps_status([(s.due_on, s.done_at is not None)
                                           for s in plan.steps], today)
    counts: KpiCounts = uow.plans.counts(plan_id)
    return PlanProgress(plan, today, done, late, still_open,
                        check_goals(list(plan.goals), counts), counts)


def branch_names(uow: UnitOfWork, principal: Principal, plan: Plan) -> list[str]:
    """The names of the branches a plan covers (empty: every branch)."""
    require(principal, Permission.PLAN_READ)
    return list(uow.plans.branch_names(plan.branch_ids))
