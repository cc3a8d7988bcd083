"""Plans, their goals and steps in the database, read as ``plans.model`` values; and the
figures a plan's progress is computed from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, delete, func, insert, select, update

from doorstep.cases.model import DECIDED_STATES, ESCALATED_STATES
from doorstep.core.errors import NotFound, StaleVersion
from doorstep.core.i18n import N_, Msg
from doorstep.evaluation.kpis import Goal
from doorstep.evaluation.model import NOT_CONTACTED_OUTCOMES, KpiCounts
from doorstep.plans.model import Plan, PlanDraft, Step
from doorstep.store.tables import (
    agreements,
    branches,
    cases,
    instalments,
    plan_goals,
    plan_steps,
    plans,
    surveys,
    visits,
)


class PlanRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _plan(self, r: Any) -> Plan:
        goals = tuple(Goal(g.metric, g.comparator, g.target) for g in self.conn.execute(
            select(plan_goals).where(plan_goals.c.plan_id == r.id).order_by(plan_goals.c.id)))
        steps = tuple(Step(s.id, s.title, s.due_on, s.owner_user_id, s.done_at)
                      for s in self.conn.execute(select(plan_steps).where(
                          plan_steps.c.plan_id == r.id).order_by(plan_steps.c.due_on,
                                                                  plan_steps.c.id)))
        return Plan(r.id, r.name, r.period_start, r.period_end, tuple(r.business_lines),
                    tuple(r.branch_ids), r.visit_budget, r.holdout_share, r.status, r.version,
                    r.created_at, r.owner_user_id, goals, steps)

    def list(self) -> list[Plan]:
        rows = self.conn.execute(select(plans).order_by(plans.c.period_start.desc(),
                                                        plans.c.id))
        return [self._plan(r) for r in rows]

    def get(self, plan_id: int) -> Plan:
        row = self.conn.execute(select(plans).where(plans.c.id == plan_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Plan")), id=plan_id)
        return self._plan(row)

    def _children(self, plan_id: int, d: PlanDraft, done: dict[int, datetime | None]) -> None:
        self.conn.execute(delete(plan_goals).where(plan_goals.c.plan_id == plan_id))
        self.conn.execute(delete(plan_steps).where(plan_steps.c.plan_id == plan_id))
        for g in d.goals:
            self.conn.execute(insert(plan_goals).values(
                plan_id=plan_id, metric=g.metric, comparator=g.comparator, target=g.target))
        for s in d.steps:
            self.conn.execute(insert(plan_steps).values(
                plan_id=plan_id, title=s.title, owner_user_id=s.owner_user_id,
                due_on=s.due_on, done_at=done.get(s.id) if s.id is not None else None))

    @staticmethod
    def _values(d: PlanDraft) -> dict[str, Any]:
        return {"name": d.name.strip(), "period_start": d.period_start,
                "period_end": d.period_end, "business_lines": list(d.business_lines),
                "branch_ids": list(d.branch_ids), "visit_budget": d.visit_budget,
                "holdout_share": d.holdout_share}

    def add(self, d: PlanDraft, owner_user_id: int | None, at: datetime) -> int:
        result = self.conn.execute(insert(plans).values(
            **self._values(d), status="active", owner_user_id=owner_user_id,
            created_at=at.replace(tzinfo=None), version=1))
        plan_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        self._children(plan_id, d, {})
        return plan_id

    def update(self, plan_id: int, expected_version: int, d: PlanDraft) -> int:
        """Write the draft only if nobody changed the plan since ``expected_version``;
        steps kept by id keep their done time. Returns the new version."""
        done = {s.id: s.done_at for s in self.get(plan_id).steps}
        result = self.conn.execute(
            update(plans).where(plans.c.id == plan_id, plans.c.version == expected_version)
            .values(**self._values(d), version=expected_version + 1))
        if result.rowcount != 1:
            current = self.conn.execute(
                select(plans.c.version).where(plans.c.id == plan_id)).scalar()
            raise StaleVersion(current=current, given=expected_version)
        self._children(plan_id, d, done)
        return expected_version + 1

    def mark_step_done(self, plan_id: int, step_id: int, at: datetime) -> bool:
        """Set the step's done time; False if it was done already. NotFound if unknown."""
        row = self.conn.execute(select(plan_steps.c.done_at).where(
            plan_steps.c.id == step_id, plan_steps.c.plan_id == plan_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Plan step")), id=step_id)
        if row.done_at is not None:
            return False
        self.conn.execute(update(plan_steps).where(plan_steps.c.id == step_id)
                          .values(done_at=at.replace(tzinfo=None)))
        return True

    def branch_names(self, ids: Sequence[int]) -> Sequence[str]:
        if not ids:
            return []
        rows = self.conn.execute(select(branches.c.id, branches.c.name)
                                 .where(branches.c.id.in_(ids))).all()
        names = {r.id: r.name for r in rows}
        return [names.get(i, str(i)) for i in ids]

    def counts(self, plan_id: int) -> KpiCounts:
        """Figures over the plan's cases: states, visits, surveys, agreements, repayments."""
        mine = select(cases.c.id).where(cases.c.plan_id == plan_id).scalar_subquery()
        c = self.conn.execute(select(
            func.count(),
            func.sum(case((cases.c.state == "resolved", 1), else_=0)),
            func.sum(case((cases.c.state.in_(DECIDED_STATES), 1), else_=0)),
            func.sum(case((cases.c.state.in_(ESCALATED_STATES), 1), else_=0)),
            func.sum(cases.c.overdue_amount)).where(cases.c.plan_id == plan_id)).one()
        met = case((visits.c.outcome.not_in(NOT_CONTACTED_OUTCOMES), visits.c.case_id),
                   else_=None)
        v = self.conn.execute(select(func.count(), func.count(visits.c.case_id.distinct()),
                                     func.count(met.distinct()))
                              .where(visits.c.case_id.in_(mine))).one()
        s = self.conn.execute(select(
            func.sum(surveys.c.csat), func.count(surveys.c.csat),
            func.sum(case((surveys.c.nps >= 9, 1), else_=0)),
            func.sum(case((surveys.c.nps <= 6, 1), else_=0)), func.count(surveys.c.nps))
            .where(surveys.c.case_id.in_(mine))).one()
        a = self.conn.execute(select(
            func.sum(case((agreements.c.state == "kept", 1), else_=0)),
            func.sum(case((agreements.c.state == "broken", 1), else_=0)))
            .where(agreements.c.case_id.in_(mine))).one()
        paid = self.conn.execute(select(func.sum(instalments.c.paid_amount)).join(
            agreements, agreements.c.id == instalments.c.agreement_id)
            .where(agreements.c.case_id.in_(mine))).scalar()
        return KpiCounts(
            resolved=int(c[1] or 0), decided=int(c[2] or 0), visits_done=int(v[0]),
            csat_sum=float(s[0] or 0), csat_answers=int(s[1]), cases=int(c[0]),
            escalated=int(c[3] or 0), cases_visited=int(v[1]), cases_contacted=int(v[2]),
            nps_promoters=int(s[2] or 0),
            nps_detractors=int(s[3] or 0), nps_answers=int(s[4]),
            agreements_kept=int(a[0] or 0), agreements_broken=int(a[1] or 0),
            recovered=float(paid or 0), overdue=float(c[4] or 0))
