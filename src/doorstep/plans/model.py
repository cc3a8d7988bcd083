"""Plans (制定计划): name, period, scope, goals, steps, visit budget and holdout share.

Plain values and the pure validation of a draft; free of I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from doorstep.cases.model import BUSINESS_LINES
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import label_of
from doorstep.evaluation.kpis import COMPARATORS, GOAL_METRICS, KPI_LABELS, Goal, is_rate

MAX_HOLDOUT_SHARE = 0.5


@dataclass(frozen=True)
class StepDraft:
    """A step to take: ``id`` names an existing step when a plan is edited."""

    title: str
    due_on: date
    owner_user_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class PlanDraft:
    """What the programme manager fills in to create or edit a plan."""

    name: str
    period_start: date
    period_end: date
    business_lines: tuple[str, ...]
    branch_ids: tuple[int, ...]
    visit_budget: int
    holdout_share: float
    goals: tuple[Goal, ...] = ()
    steps: tuple[StepDraft, ...] = ()


@dataclass(frozen=True)
class Step:
    id: int
    title: str
    due_on: date
    owner_user_id: int | None
    done_at: datetime | None

    def late_on(self, today: date) -> bool:
        """Not done after its due date."""
        return self.done_at is None and self.due_on < today


@dataclass(frozen=True)
class Plan:
    """A stored plan with its goals and steps; ``version`` guards concurrent edits."""

    id: int
    name: str
    period_start: date
    period_end: date
    business_lines: tuple[str, ...]
    branch_ids: tuple[int, ...]
    visit_budget: int
    holdout_share: float
    status: str
    version: int
    created_at: datetime
    owner_user_id: int | None = None
    goals: tuple[Goal, ...] = ()
    steps: tuple[Step, ...] = field(default_factory=tuple)

    def covers_branch(self, branch_id: int) -> bool:
        return not self.branch_ids or branch_id in self.branch_ids


def problems(d: PlanDraft) -> list[str]:
    """Every reason the draft cannot be saved, in Chinese (empty when it is valid)."""
    out = []
    if not d.name.strip():
        out.append("计划名称不能为空")
    if len(d.name) > 100:
        out.append("计划名称不能超过100个字")
    if d.period_end < d.period_start:
        out.append("计划结束日期不能早于开始日期")
    if not 0 <= d.holdout_share <= MAX_HOLDOUT_SHARE:
        out.append("对照组比例须在 0 至 0.5 之间")
    if d.visit_budget <= 0:
        out.append("上门预算（次数）须大于 0")
    out += [f"业务条线「{b}」不存在" for b in d.business_lines if b not in BUSINESS_LINES]
    if not d.business_lines:
        out.append("请至少选择一个业务条线")
    for g in d.goals:
        if g.metric not in GOAL_METRICS:
            out.append(f"未知的目标指标「{g.metric}」")
        if g.comparator not in COMPARATORS:
            out.append(f"目标比较方式「{g.comparator}」无效")
        if is_rate(g.metric) and not 0 <= g.target <= 1:
            out.append(f"目标「{label_of(KPI_LABELS[g.metric])}」须在 0 至 1 之间")
    for s in d.steps:
        if not s.title.strip():
            out.append("步骤名称不能为空")
    return out


def validate(d: PlanDraft) -> PlanDraft:
    """The draft, or ``ValidationFailed`` naming every problem."""
    found = problems(d)
    if found:
        raise ValidationFailed("；".join(found))
    return d
