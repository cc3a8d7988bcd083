"""KPI snapshot use cases: recompute a plan's dashboard figures and store them.

`doorstep evaluation refresh` runs :func:`refresh_plan` for every active plan (whole bank and
each branch it covers); a manager's "refresh now" runs :func:`refresh_view` for what they see.
"""

from __future__ import annotations

from dataclasses import replace

from doorstep.core.access import Permission, Principal, require
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation.model import Period
from doorstep.evaluation.service import (
    EFFECT_SEED,
    live_effect,
    live_figures,
    plan_period,
    visible_plan,
    visible_plans,
)
from doorstep.evaluation.snapshots import Figures, encode


def refresh_view(uow: UnitOfWork, principal: Principal, plan_id: int,
                 period: Period) -> Figures:
    """Recompute and store the snapshot the principal sees (their branch scope) for this
    plan and period (for the plan's own period, with the effect of visits); needs
    ``plan.manage``."""
    require(principal, Permission.PLAN_MANAGE)
    plan = visible_plan(uow, principal, plan_id)
    found = live_figures(uow, principal, plan_id, period)
    if period == plan_period(plan):
        found = replace(found, effect=live_effect(uow, principal, plan_id, EFFECT_SEED))
    uow.evaluation.save_snapshot(plan_id, period, principal.branch_id, encode(found),
                                 uow.clock.now())
    return found


def refresh_plan(uow: UnitOfWork, principal: Principal, plan_id: int) -> int:
    """Snapshots of the plan's default period for the whole bank and each branch it
    covers, in one unit of work; how many were written. Needs ``plan.manage``
    and a whole-bank principal."""
    require(principal, Permission.PLAN_MANAGE)
    if principal.branch_id is not None:
        raise NotFound(entity=Msg(N_("Plan")), id=plan_id)
    plan = visible_plan(uow, principal, plan_id)
    period = plan_period(plan)
    scopes: list[int | None] = [None, *(b for b in uow.evaluation.branch_ids()
                                        if plan.covers_branch(b))]
    for branch in scopes:
        refresh_view(uow, _in_branch(principal, branch), plan_id, period)
    return len(scopes)


def active_plan_ids(uow: UnitOfWork, principal: Principal) -> list[int]:
    """The plans the refresh job covers: every active plan."""
    return [p.id for p in visible_plans(uow, principal) if p.status == "active"]


def _in_branch(principal: Principal, branch_id: int | None) -> Principal:
    return replace(principal, branch_id=branch_id)

