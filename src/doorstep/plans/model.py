"""Plans: name, period, scope, goals, steps, visit budget and holdout share.

Plain values and the pure validation of a draft; free of I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from doorstep.cases.model import BUSINESS_LINES
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg, as_msg, join_sentences
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


def problems(d: PlanDraft) -> list[Msg]:
    """Every reason the draft cannot be saved (empty when it is valid), translated where it
    is shown."""
    out: list[Msg] = []
    if not d.name.strip():
        out.append(Msg(N_("The plan needs a name")))
    if len(d.name) > 100:
        out.append(Msg(N_("The plan's name may not be longer than 100 characters")))
    if d.period_end < d.period_start:
        out.append(Msg(N_("The plan may not end before it starts")))
    if not 0 <= d.holdout_share <= MAX_HOLDOUT_SHARE:
        out.append(Msg(N_("The holdout share must be between 0 and 0.5")))
    if d.visit_budget <= 0:
        out.append(Msg(N_("The visit budget (number of visits) must be above 0")))
    out += [Msg(N_("There is no business line '%(line)s'"), {"line": b})
            for b in d.business_lines if b not in BUSINESS_LINES]
    if not d.business_lines:
        out.append(Msg(N_("Choose at least one business line")))
    for g in d.goals:
        if g.metric not in GOAL_METRICS:
            out.append(Msg(N_("Unknown goal metric '%(metric)s'"), {"metric": g.metric}))
        if g.comparator not in COMPARATORS:
            out.append(Msg(N_("Invalid goal comparison '%(comparator)s'"),
                           {"comparator": g.comparator}))
        if is_rate(g.metric) and not 0 <= g.target <= 1:
            out.append(Msg(N_("The goal '%(metric)s' must be between 0 and 1"),
                           {"metric": as_msg(KPI_LABELS[g.metric])}))
    for s in d.steps:
        if not s.title.strip():
            out.append(Msg(N_("A step needs a name")))
    return out


def validate(d: PlanDraft) -> PlanDraft:
    """The draft, or ``ValidationFailed`` naming every problem."""
    found = problems(d)
    if found:
        raise ValidationFailed(N_("%(problems)s"), problems=join_sentences(found))
    return d
