"""The bank before its customers: branches, staff, teams, demo users and plans."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from doorstep.core.access import Role
from doorstep.core.crypto import FieldCipher
from doorstep.demo.context import DemoConfig, IdSequence
from doorstep.demo.geography import Branch, make_branches
from doorstep.demo.people import Registry
from doorstep.demo.plans import PlanRows, make_plans
from doorstep.demo.staff import Team, make_workforce
from doorstep.demo.users import DEMO_USERS, FIELD_TEAM_BRANCH, make_users
from doorstep.store import tables as t


@dataclass
class Reference:
    branches: list[Branch]
    registry: Registry
    teams_by_branch: dict[int, list[Team]]
    dispatchers: dict[int, str]
    field_team_id: int
    plans: PlanRows
    user_ids: dict[str, int]
    rows: list[tuple[Table, list[dict[str, Any]]]]


def make_reference(cfg: DemoConfig, ids: IdSequence, cipher: FieldCipher, password_hash: str,
                   existing_users: dict[str, int]) -> Reference:
    """Generate the reference data; ``rows`` lists what to insert, in foreign-key order."""
    branches, branch_rows = make_branches(ids)
    registry = Registry()
    wf = make_workforce(cfg.rng("staff"), cfg, ids, registry, cipher, branches)
    user_ids, user_rows = make_users(cfg.rng("users"), cfg, ids, branches, wf, password_hash,
                                     existing_users)
    plans = make_plans(cfg.rng("plans"), cfg, ids, branches, user_ids)
    by_code = {b.code: b.id for b in branches}
    dispatchers = {by_code[u.branch_code]: f"user:{u.username}" for u in DEMO_USERS
                   if u.role == Role.DISPATCHER and u.branch_code is not None}
    return Reference(
        branches=branches, registry=registry,
        teams_by_branch={b.id: wf.teams_of(b.id) for b in branches}, dispatchers=dispatchers,
        field_team_id=wf.teams_of(by_code[FIELD_TEAM_BRANCH])[0].id, plans=plans,
        user_ids=user_ids,
        rows=[(t.branches, branch_rows), (t.staff, wf.staff_rows),
              (t.certificates, wf.certificate_rows), (t.teams, wf.team_rows),
              (t.users, user_rows), (t.plans, plans.plans), (t.plan_goals, plans.goals),
              (t.plan_steps, plans.steps)])
