"""Reading the plan form (repeated goal and step rows) into a ``PlanDraft``."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg
from doorstep.evaluation.kpis import Goal
from doorstep.plans.model import Plan, PlanDraft, StepDraft

EXTRA_GOAL_ROWS = 2
EXTRA_STEP_ROWS = 3


def _date(value: str, what: str) -> date:
    """``what`` names the field (a msgid)."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(N_("%(what)s: write the date as YYYY-MM-DD"),
                               what=Msg(what)) from None


def _number(value: str, what: str) -> float:
    """``what`` names the field (a msgid)."""
    try:
        return float(value.strip())
    except ValueError:
        raise ValidationFailed(N_("%(what)s must be a number"), what=Msg(what)) from None


def _ids(value: str) -> tuple[int, ...]:
    """Branch ids; NFKC turns a Chinese keyboard's full-width commas and digits into ASCII."""
    parts = [p.strip() for p in unicodedata.normalize("NFKC", value).split(",") if p.strip()]
    if not all(p.isdigit() for p in parts):
        raise ValidationFailed(N_("Branch ids are numbers separated by commas"))
    return tuple(int(p) for p in parts)


def _goals(form: Any) -> tuple[Goal, ...]:
    rows = zip(form.getlist("goal_metric"), form.getlist("goal_comparator"),
               form.getlist("goal_target"), strict=False)
    return tuple(Goal(m, c, _number(t, N_("Target"))) for m, c, t in rows if m and t.strip())


def _steps(form: Any, owner_id: Any) -> tuple[StepDraft, ...]:
    rows = zip(form.getlist("step_id"), form.getlist("step_title"), form.getlist("step_due"),
               form.getlist("step_owner"), strict=False)
    out = []
    for sid, title, due, owner in rows:
        if not title.strip():
            continue
        out.append(StepDraft(title.strip(), _date(due, N_("Step due date")),
                             owner_id(owner.strip()),
                             int(sid) if sid.isdigit() else None))
    return tuple(out)


def draft_from_form(form: Any, owner_id: Any) -> PlanDraft:
    """The draft the form describes; ``owner_id`` maps a user name to an id (or None)."""
    return PlanDraft(
        name=str(form.get("name", "")),
        period_start=_date(form.get("period_start", ""), N_("Start of the period")),
        period_end=_date(form.get("period_end", ""), N_("End of the period")),
        business_lines=tuple(form.getlist("business_lines")),
        branch_ids=_ids(str(form.get("branch_ids", ""))),
        visit_budget=int(_number(form.get("visit_budget", ""), N_("Visit budget"))),
        holdout_share=_number(form.get("holdout_share", ""), N_("Holdout share")),
        goals=_goals(form), steps=_steps(form, owner_id))


def form_values(plan: Plan | None, owners: dict[int, str]) -> dict[str, Any]:
    """What the form shows: a stored plan's values (or blanks) plus empty rows."""
    if plan is None:
        return {"name": "", "period_start": "", "period_end": "", "business_lines": [],
                "branch_ids": "", "visit_budget": "", "holdout_share": "0.1", "version": 0,
                "goals": [None] * (EXTRA_GOAL_ROWS + 2), "steps": [None] * EXTRA_STEP_ROWS}
    steps = [{"id": s.id, "title": s.title, "due_on": s.due_on,
              "owner": owners.get(s.owner_user_id or 0, "")} for s in plan.steps]
    return {"name": plan.name, "period_start": plan.period_start,
            "period_end": plan.period_end, "business_lines": list(plan.business_lines),
            "branch_ids": ",".join(str(b) for b in plan.branch_ids),
            "visit_budget": plan.visit_budget, "holdout_share": plan.holdout_share,
            "version": plan.version, "goals": list(plan.goals) + [None] * EXTRA_GOAL_ROWS,
            "steps": steps + [None] * EXTRA_STEP_ROWS}
