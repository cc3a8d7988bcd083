"""Raw facts for the effect of visits and the holdout lock (mixed into the evaluation
repository): the randomised selections of a plan's approved runs, and for their customers
the monthly repayments, complaints, litigation, visits and approved lock lifts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from doorstep.core.clock import naive_utc
from doorstep.evaluation.ports import EffectFacts, EffectSelection, LiftRequest
from doorstep.evaluation.study import uplift_rows
from doorstep.screening.holdout import UpliftRow
from doorstep.store.tables import (
    accounts,
    cases,
    complaints,
    customers,
    repayments,
    visits,
)
from doorstep.store.tables_evaluation import holdout_lock_lifts
from doorstep.store.tables_screening import screening_runs, screening_selections


class EffectQueries:
    conn: Connection

    def _screened(self, plan_id: int | None, branch_id: int | None) -> Any:
        sel, run = screening_selections.c, screening_runs.c
        stmt = (select(sel.customer_id).select_from(screening_selections.join(
            screening_runs, run.id == sel.run_id)).where(run.status == "approved"))
        if plan_id is not None:
            stmt = stmt.where(run.plan_id == plan_id)
        if branch_id is not None:
            stmt = stmt.join(customers, customers.c.id == sel.customer_id).where(
                customers.c.branch_id == branch_id)
        return stmt

    def effect_selections(self, plan_id: int | None,
                          branch_id: int | None) -> list[EffectSelection]:
        """Selection rows of the plan's (None: every plan's) approved runs with the run's
        date and caps: (run_id, approved_at, summary, customer_id, arm, group, rank,
        manual_by, risk, amount_at_stake)."""
        sel, run = screening_selections.c, screening_runs.c
        stmt = (select(run.id, run.approved_at, run.summary, sel.customer_id, sel.arm,
                       sel.outcome_group, sel.rank, sel.manual_by, sel.risk,
                       sel.amount_at_stake)
                .select_from(screening_selections.join(screening_runs, run.id == sel.run_id))
                .where(run.status == "approved")
                .order_by(run.id, sel.customer_id))
        if plan_id is not None:
            stmt = stmt.where(run.plan_id == plan_id)
        if branch_id is not None:
            stmt = stmt.join(customers, customers.c.id == sel.customer_id).where(
                customers.c.branch_id == branch_id)
        return [EffectSelection._make(r) for r in self.conn.execute(stmt)]

    def uplift_rows(self, today: date, measure: str) -> list[UpliftRow]:
        """Every randomised customer of every approved run whose ``measure`` window has
        closed by ``today``: the uplift learner's history, read through evaluation's study
        (screening asks for it through this port and imports nothing of evaluation)."""
        selections = self.effect_selections(None, None)
        if not selections:
            return []
        return uplift_rows(selections, self.effect_facts(None, None), today, measure)

    def effect_facts(self, plan_id: int | None, branch_id: int | None) -> EffectFacts:
        """Per screened customer: repayment months (customer, month, paid, worst dpd),
        complaints (customer, at), litigation (customer, at), visits (customer, at) and
        approved lock lifts (customer, run)."""
        who = self._screened(plan_id, branch_id)
        month = (select(accounts.c.customer_id, repayments.c.month,
                        func.sum(repayments.c.amount_paid), func.max(repayments.c.days_past_due))
                 .select_from(repayments.join(accounts, accounts.c.id == repayments.c.account_id))
                 .where(accounts.c.customer_id.in_(who))
                 .group_by(accounts.c.customer_id, repayments.c.month))
        said = select(complaints.c.customer_id, complaints.c.received_at).where(
            complaints.c.customer_id.in_(who))
        sued = select(cases.c.customer_id, cases.c.updated_at).where(
            cases.c.state == "litigation", cases.c.customer_id.in_(who))
        seen = (select(cases.c.customer_id, visits.c.created_at)
                .select_from(visits.join(cases, cases.c.id == visits.c.case_id))
                .where(cases.c.customer_id.in_(who)))
        lifts = select(holdout_lock_lifts.c.customer_id, holdout_lock_lifts.c.run_id).where(
            holdout_lock_lifts.c.status == "approved", holdout_lock_lifts.c.customer_id.in_(who))
        return EffectFacts(
            months=[(r[0], r[1], r[2], r[3]) for r in self.conn.execute(month)],
            complaints=self._pairs(said), litigation=self._pairs(sued),
            visits=self._pairs(seen), lifts=self._pairs(lifts))

    def _pairs(self, query: Any) -> list[Any]:
        return [(r[0], r[1]) for r in self.conn.execute(query)]

    # -- holdout lock --------------------------------------------------------------------
    def held_out_since(self, customer_ids: Sequence[int] | None = None
                       ) -> list[tuple[int, int, datetime | None]]:
        """(customer_id, run_id, approved_at) of every holdout row of an approved run."""
        sel, run = screening_selections.c, screening_runs.c
        stmt = (select(sel.customer_id, run.id, run.approved_at)
                .select_from(screening_selections.join(screening_runs, run.id == sel.run_id))
                .where(run.status == "approved", sel.outcome_group == "holdout"))
        if customer_ids is not None:
            stmt = stmt.where(sel.customer_id.in_(list(customer_ids)))
        return [(r[0], r[1], r[2]) for r in self.conn.execute(stmt)]

    def approved_lifts(self, customer_ids: Sequence[int] | None = None) -> set[tuple[int, int]]:
        """(customer_id, run_id) pairs whose lock was lifted."""
        stmt = select(holdout_lock_lifts.c.customer_id, holdout_lock_lifts.c.run_id).where(
            holdout_lock_lifts.c.status == "approved")
        if customer_ids is not None:
            stmt = stmt.where(holdout_lock_lifts.c.customer_id.in_(list(customer_ids)))
        return {(int(r[0]), int(r[1])) for r in self.conn.execute(stmt)}

    def add_lift(self, values: dict[str, Any]) -> int:
        values = {**values, "requested_at": naive_utc(values["requested_at"])}
        key = self.conn.execute(insert(holdout_lock_lifts).values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def lift(self, lift_id: int) -> LiftRequest | None:
        row = self.conn.execute(select(holdout_lock_lifts).where(
            holdout_lock_lifts.c.id == lift_id)).first()
        return None if row is None else LiftRequest(**row._mapping)

    def decide_lift(self, lift_id: int, status: str, by: str, at: datetime, note: str) -> bool:
        """Set a pending request's decision; False when it was no longer pending."""
        done = self.conn.execute(update(holdout_lock_lifts).where(and_(
            holdout_lock_lifts.c.id == lift_id, holdout_lock_lifts.c.status == "pending"))
            .values(status=status, decided_by=by, decided_at=naive_utc(at),
                    decision_note=note))
        return bool(done.rowcount)
