"""Read models for the screening pages and API: plans to screen, runs, a run's counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from doorstep.core.access import Permission, Principal, require
from doorstep.core.uow import UnitOfWork
from doorstep.screening.records import PlanScope, RunRecord, SelectionRow

#: The groups an entry of a run can be in, in the order the pages show them.
GROUPS: tuple[str, ...] = ("selected", "holdout", "excluded", "removed")


@dataclass(frozen=True)
class RunCounts:
    """How a run's list splits: what an approver needs to see before approving."""

    selected: int
    champion: int
    challenger: int
    manual: int
    holdout: int
    over_budget: int
    removed: int
    cases: int


def run_counts(rows: Sequence[SelectionRow]) -> RunCounts:
    """Count a run's entries by group and arm (``rows`` unfiltered).

    Parameters
    ----------
    rows : sequence of SelectionRow
        Every entry of one run.

    Returns
    -------
    RunCounts
    """
    def n(group: str, arm: str | None = None) -> int:
        return sum(r.outcome_group == group and (arm is None or r.arm == arm) for r in rows)

    return RunCounts(selected=n("selected"), champion=n("selected", "champion"),
                     challenger=n("selected", "challenger"), manual=n("selected", "manual"),
                     holdout=n("holdout"), over_budget=n("excluded"), removed=n("removed"),
                     cases=sum(r.case_id is not None for r in rows))


def list_plans(uow: UnitOfWork, principal: Principal) -> list[PlanScope]:
    """The active plans a run can screen for, newest first."""
    require(principal, Permission.SCREENING_READ)
    return [uow.screening.plan(i) for i in uow.screening.plan_ids()]


def runs_by_plan(uow: UnitOfWork, principal: Principal,
                 plan_id: int | None = None) -> list[RunRecord]:
    """The latest runs, newest first, optionally of one plan only."""
    require(principal, Permission.SCREENING_READ)
    runs = [uow.screening.run(i) for i in uow.screening.run_ids()]
    return [r for r in runs if plan_id is None or r.plan_id == plan_id]


def rule_conditions(uow: UnitOfWork, principal: Principal, run: RunRecord) -> dict[str, str]:
    """Rule name → its condition, for the rules of the run's strategies (to explain a match)."""
    require(principal, Permission.SCREENING_READ)
    ids = [i for i in (run.strategy_id, run.challenger_strategy_id) if i]
    return {rule.name: rule.expression for i in ids
            for rule_set in uow.screening.strategy(i).rule_sets for rule in rule_set.rules}


def plan_of(uow: UnitOfWork, principal: Principal, plan_id: int) -> PlanScope:
    """A plan's screening scope (name, lines, budget, holdout share)."""
    require(principal, Permission.SCREENING_READ)
    scope: PlanScope = uow.screening.plan(plan_id)
    return scope


def selected_at_run(run: RunRecord) -> int:
    """How many customers the run itself selected (champion + challenger, before edits)."""
    return int(run.summary.get("selected", 0)) + int(run.summary.get("challenger", 0))
