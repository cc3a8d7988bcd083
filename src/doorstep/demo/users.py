"""One demo login per role (plus a second branch's dispatcher for branch-scoping demos),
all with the same password, hashed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from random import Random
from typing import Any

from doorstep.core.access import Role
from doorstep.demo.context import DemoConfig, IdSequence, to_utc
from doorstep.demo.geography import Branch
from doorstep.demo.people import person_name
from doorstep.demo.staff import Workforce


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    branch_code: str | None
    title: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", Role.ADMIN, None, "系统管理员"),
    DemoUser("manager", Role.PROGRAMME_MANAGER, None, "诉前上门项目经理（总行）"),
    DemoUser("analyst", Role.ANALYST, None, "风险分析师（总行）"),
    DemoUser("dispatcher", Role.DISPATCHER, "SZ-FT01", "福田中心支行调度员"),
    DemoUser("dispatcher_ns", Role.DISPATCHER, "SZ-NS01", "南山科技园支行调度员"),
    DemoUser("field1", Role.FIELD_STAFF, "SZ-FT01", "福田中心支行外访人员"),
    DemoUser("field2", Role.FIELD_STAFF, "SZ-FT01", "福田中心支行外访人员"),
    DemoUser("legal", Role.LEGAL_OFFICER, None, "法务专员（总行）"),
    DemoUser("auditor", Role.AUDITOR, None, "合规审计（总行）"),
    DemoUser("trainer", Role.TRAINER, None, "培训师（总行）"),
)
#: field1 and field2 are the two members of the first team of 福田中心支行.
FIELD_TEAM_BRANCH = "SZ-FT01"


def make_users(rng: Random, cfg: DemoConfig, ids: IdSequence, branches: list[Branch],
               wf: Workforce, password_hash: str,
               existing: dict[str, int]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Rows for the demo users not yet in the database, and every demo username's id."""
    by_code = {b.code: b for b in branches}
    field_team = wf.teams_of(by_code[FIELD_TEAM_BRANCH].id)[0]
    created = to_utc(cfg.now_local - timedelta(days=200, hours=-9))
    user_ids = dict(existing)
    rows: list[dict[str, Any]] = []
    for u in DEMO_USERS:
        name = person_name(rng, rng.random() < 0.5)
        if u.username in existing:
            continue
        staff = {"field1": field_team.members[0], "field2": field_team.members[1]}.get(u.username)
        uid = ids.take("users")
        user_ids[u.username] = uid
        rows.append({
            "id": uid, "username": u.username,
            "display_name": staff.name if staff else ("系统管理员" if u.role == Role.ADMIN
                                                       else name),
            "password_hash": password_hash, "role": u.role.value,
            "branch_id": by_code[u.branch_code].id if u.branch_code else None,
            "staff_id": staff.id if staff else None, "language": "zh-CN", "failed_logins": 0,
            "locked_until": None, "active": True, "created_at": created})
    return user_ids, rows
