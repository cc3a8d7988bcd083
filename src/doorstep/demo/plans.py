"""The programme's plans around the demo date: goals with targets, steps with owners and
due dates, scope and visit budget; cases opened in a plan's period and scope belong to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from random import Random
from typing import Any

from doorstep.demo.context import DemoConfig, IdSequence, to_utc
from doorstep.demo.geography import Branch

Goal = tuple[str, str, float]
Step = tuple[str, str, int]


@dataclass(frozen=True)
class PlanSpec:
    name: str
    start: date
    end: date
    lines: tuple[str, ...]
    branch_codes: tuple[str, ...]
    budget_per_customer: float
    status: str
    goals: tuple[Goal, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class PlanScope:
    id: int
    start: date
    end: date
    lines: frozenset[str]
    branch_ids: frozenset[int]


@dataclass
class PlanRows:
    plans: list[dict[str, Any]]
    goals: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    scopes: list[PlanScope]


def _quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def _months_before(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def plan_specs(as_of: date) -> list[PlanSpec]:
    """Four plans: this quarter's and last quarter's card plans, loans, wealth and insurance."""
    q = _quarter_start(as_of)
    q_end = _months_before(q, -3) - timedelta(days=1)
    prev = _months_before(q, 3)
    qn, pn = (q.month - 1) // 3 + 1, (prev.month - 1) // 3 + 1
    first_half = as_of.month <= 6
    loans = date(as_of.year, 1 if first_half else 7, 1)
    loans_end = date(as_of.year, 6, 30) if first_half else date(as_of.year, 12, 31)
    wealth = _months_before(as_of, 7)
    half = "上" if first_half else "下"
    return [
        PlanSpec(f"{q.year}年第{qn}季度信用卡逾期诉前上门计划", q, q_end, ("credit_card",), (),
                 0.04, "active",
                 (("resolution_rate", ">=", 0.6), ("csat", ">=", 4.5), ("nps", ">=", 30.0),
                  ("escalation_rate", "<=", 0.15), ("contact_rate", ">=", 0.8)),
                 (("确定筛选规则并审批上门名单", "analyst", 10),
                  ("组建各支行外访团队并完成上门合规培训", "trainer", 20),
                  ("中期效果评估与策略调整", "manager", 45),
                  ("完成首轮预约与上门拜访", "dispatcher", 60),
                  ("季度总结，典型案例入库", "manager", 88))),
        PlanSpec(f"{prev.year}年第{pn}季度信用卡逾期诉前上门计划", prev, q - timedelta(days=1),
                 ("credit_card",), (), 0.03, "closed",
                 (("resolution_rate", ">=", 0.55), ("csat", ">=", 4.3)),
                 (("确定筛选规则并审批上门名单", "analyst", 10),
                  ("完成上门拜访", "dispatcher", 75), ("季度效果评估", "manager", 90))),
        PlanSpec(f"{as_of.year}年{half}半年个人贷款逾期化解计划", loans, loans_end, ("loan",), (),
                 0.03, "active",
                 (("resolution_rate", ">=", 0.55), ("agreements_kept_rate", ">=", 0.7),
                  ("recovery_rate", ">=", 0.4), ("csat", ">=", 4.3)),
                 (("梳理逾期贷款客户名单", "analyst", 14), ("制定分支行上门排期", "dispatcher", 30),
                  ("法务审核高风险案件", "legal", 90), ("半年度效果评估", "manager", 180))),
        PlanSpec(f"理财与保险纠纷专项化解行动（{as_of.year}）", wealth, q_end,
                 ("wealth", "insurance"), ("SZ-FT01", "SZ-NS01", "SZ-NS02", "SZ-LH01", "SZ-BA01"),
                 0.015, "active",
                 (("resolution_rate", ">=", 0.7), ("csat", ">=", 4.5),
                  ("escalation_rate", "<=", 0.1)),
                 (("排查理财、保险销售录音录像", "auditor", 30),
                  ("组织理财纠纷化解专题培训", "trainer", 45),
                  ("上门回访亏损客户", "dispatcher", 120), ("总结并更新案例库", "manager", 200))),
    ]


def _step_rows(rng: Random, cfg: DemoConfig, ids: IdSequence, plan_id: int, spec: PlanSpec,
               users: dict[str, int]) -> list[dict[str, Any]]:
    rows = []
    for title, owner, offset in spec.steps:
        due = spec.start + timedelta(days=offset)
        done = due < cfg.as_of and rng.random() < 0.9
        done_at = datetime.combine(due - timedelta(days=rng.randint(0, 5)), time(17, 30))
        rows.append({"id": ids.take("plan_steps"), "plan_id": plan_id, "title": title,
                     "owner_user_id": users.get(owner), "due_on": due,
                     "done_at": to_utc(done_at) if done else None})
    return rows


def make_plans(rng: Random, cfg: DemoConfig, ids: IdSequence, branches: list[Branch],
               users: dict[str, int]) -> PlanRows:
    by_code = {b.code: b.id for b in branches}
    out = PlanRows([], [], [], [])
    for spec in plan_specs(cfg.as_of):
        pid = ids.take("plans")
        branch_ids = [by_code[c] for c in spec.branch_codes] or [b.id for b in branches]
        out.plans.append({
            "id": pid, "name": spec.name, "period_start": spec.start, "period_end": spec.end,
            "business_lines": list(spec.lines), "branch_ids": branch_ids,
            "visit_budget": max(20, round(cfg.customers * spec.budget_per_customer)),
            "holdout_share": 0.1, "status": spec.status, "owner_user_id": users.get("manager"),
            "created_at": to_utc(datetime.combine(spec.start - timedelta(days=10), time(10))),
            "version": 1})
        out.goals.extend({"id": ids.take("plan_goals"), "plan_id": pid, "metric": m,
                          "comparator": cmp, "target": target} for m, cmp, target in spec.goals)
        out.steps.extend(_step_rows(rng, cfg, ids, pid, spec, users))
        out.scopes.append(PlanScope(pid, spec.start, spec.end, frozenset(spec.lines),
                                    frozenset(branch_ids)))
    return out


def plan_for(scopes: list[PlanScope], line: str, branch_id: int, opened: date) -> int | None:
    """The plan whose period, business lines and branches cover a case, if any."""
    for s in scopes:
        if line in s.lines and branch_id in s.branch_ids and s.start <= opened <= s.end:
            return s.id
    return None
