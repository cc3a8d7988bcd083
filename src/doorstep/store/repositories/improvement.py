"""The improvement loop in the database: dated outcomes to retrain on, candidate comparisons
and their decisions, and the period figures the review page compares."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Integer, cast, func, select, update

from doorstep.cases.model import ESCALATED_STATES
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.evaluation.improvement.drift import FeatureDrift
from doorstep.evaluation.improvement.model import CandidateReview
from doorstep.evaluation.improvement.recommend import RuleStats, StaffStats
from doorstep.store.tables import (
    audit_events,
    cases,
    complaints,
    compliance_exceptions,
    staff,
    surveys,
    users,
    visits,
)
from doorstep.store.tables_improvement import model_comparisons
from doorstep.store.tables_screening import (
    model_versions,
    rule_sets,
    screening_runs,
    screening_selections,
    strategies,
)

ESCALATING_ACTIONS = ("case.escalate", "case.start_mediation", "case.litigate")
SUCCESS_OUTCOMES = ("resolved_explained", "resolved_fixed", "repayment_plan", "promise_to_pay")
FAILED_OUTCOMES = ("refused", "not_at_home", "escalate")


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())


def _review(row: Any) -> CandidateReview:
    return CandidateReview(
        id=row.id, model_version_id=row.model_version_id, model_version=row.version,
        champion_id=row.champion_id, inputs_key=row.inputs_key, cutoff=row.cutoff,
        as_of=row.as_of, seed=row.seed, counts=dict(row.counts),
        comparison=dict(row.comparison),
        drift=tuple(FeatureDrift.from_dict(d) for d in row.drift), verdict=row.verdict,
        decision=row.decision, created_at=row.created_at, created_by=row.created_by,
        decided_by=row.decided_by, decided_at=row.decided_at, reason=row.reason)


class ImprovementRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- outcomes ---------------------------------------------------------------------
    def outcome_events(self) -> pd.DataFrame:
        """Dated escalations: a case escalating (audit trail) or a complaint to the regulator."""
        a = audit_events.c
        by_case = self.conn.execute(
            select(cases.c.customer_id, a.at).join(
                cases, cases.c.id == cast(a.entity_id, Integer))
            .where(a.entity == "case", a.action.in_(ESCALATING_ACTIONS))).all()
        by_regulator = self.conn.execute(
            select(complaints.c.customer_id, complaints.c.received_at)
            .where(complaints.c.channel == "regulator")).all()
        rows = [(int(c), at) for c, at in [*by_case, *by_regulator]]
        return pd.DataFrame(rows, columns=["customer_id", "at"])

    # -- candidates -------------------------------------------------------------------
    def _select(self) -> Any:
        return select(model_comparisons, model_versions.c.version).join(
            model_versions, model_versions.c.id == model_comparisons.c.model_version_id)

    def add_comparison(self, values: dict[str, Any]) -> CandidateReview:
        key = self.conn.execute(model_comparisons.insert().values(**values)).inserted_primary_key
        assert key is not None
        return self.comparison(int(key[0]))

    def comparison(self, comparison_id: int) -> CandidateReview:
        row = self.conn.execute(
            self._select().where(model_comparisons.c.id == comparison_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Candidate model")), id=comparison_id)
        return _review(row)

    def comparison_by_key(self, inputs_key: str) -> CandidateReview | None:
        row = self.conn.execute(
            self._select().where(model_comparisons.c.inputs_key == inputs_key)).first()
        return None if row is None else _review(row)

    def list_comparisons(self, limit: int = 20) -> list[CandidateReview]:
        rows = self.conn.execute(
            self._select().order_by(model_comparisons.c.id.desc()).limit(limit)).all()
        return [_review(r) for r in rows]

    def record_decision(self, comparison_id: int, decision: str, by: str, at: datetime,
                        reason: str) -> None:
        self.conn.execute(update(model_comparisons)
                          .where(model_comparisons.c.id == comparison_id)
                          .values(decision=decision, decided_by=by,
                                  decided_at=at.replace(tzinfo=None), reason=reason))

    # -- period figures ---------------------------------------------------------------
    def regulator_complaints(self, start: date, end: date, branch_id: int | None) -> int:
        """Complaints to the regulator received on the days ``start`` to ``end``."""
        lo, hi = _bounds(start, end)
        q = select(func.count()).select_from(complaints).where(
            complaints.c.received_at >= lo, complaints.c.received_at < hi,
            complaints.c.channel == "regulator")
        if branch_id is not None:
            q = q.where(complaints.c.branch_id == branch_id)
        return int(self.conn.execute(q).scalar() or 0)

    def staff_stats(self, start: date, end: date) -> list[StaffStats]:
        """Answered surveys (credited to every staff member present) and compliance exceptions
        (credited to the acting user's staff member) per staff member over the period."""
        lo, hi = _bounds(start, end)
        scores: dict[int, list[int]] = defaultdict(list)
        for present, csat in self.conn.execute(
                select(visits.c.staff_present, surveys.c.csat)
                .join(visits, visits.c.id == surveys.c.visit_id)
                .where(surveys.c.csat.is_not(None), surveys.c.answered_at >= lo,
                       surveys.c.answered_at < hi)):
            for person in present or ():
                staff_id = person["staff_id"] if isinstance(person, dict) else person
                scores[int(staff_id)].append(int(csat))
        exceptions: dict[Any, int] = dict(self.conn.execute(
            select(users.c.staff_id, func.count())
            .join(users, users.c.username == compliance_exceptions.c.actor)
            .where(users.c.staff_id.is_not(None), compliance_exceptions.c.at >= lo,
                   compliance_exceptions.c.at < hi).group_by(users.c.staff_id)).all())
        ids = sorted(set(scores) | {int(i) for i in exceptions})
        names = dict(self.conn.execute(select(staff.c.id, staff.c.name)
                                       .where(staff.c.id.in_(ids))).all()) if ids else {}
        return [StaffStats(i, str(names.get(i, i)), len(scores[i]),
                           round(sum(scores[i]) / len(scores[i]), 2) if scores[i] else None,
                           int(exceptions.get(i, 0))) for i in ids]

    # -- rules --------------------------------------------------------------------------
    def current_rule_names(self) -> list[str]:
        """Rule names of the newest strategy's rule sets."""
        ids = self.conn.execute(select(strategies.c.rule_set_ids)
                                .order_by(strategies.c.id.desc()).limit(1)).scalar()
        if not ids:
            return []
        stored = self.conn.execute(select(rule_sets.c.rules)
                                   .where(rule_sets.c.id.in_(list(ids)))).scalars()
        return [str(r["name"]) for s in stored for r in s.get("rules", ())]

    def rule_stats(self, rule_names: Sequence[str]) -> list[RuleStats]:
        """Per rule: selected customers of approved runs, their visits and escalations."""
        s = screening_selections.c
        rows = self.conn.execute(
            select(s.matched_rules, s.case_id, cases.c.state)
            .join(screening_runs, screening_runs.c.id == s.run_id)
            .join(cases, cases.c.id == s.case_id)
            .where(screening_runs.c.status == "approved", s.outcome_group == "selected")).all()
        case_ids = [int(r.case_id) for r in rows]
        outcomes: dict[int, list[str]] = defaultdict(list)
        if case_ids:
            for case_id, outcome in self.conn.execute(
                    select(visits.c.case_id, visits.c.outcome)
                    .where(visits.c.case_id.in_(case_ids), visits.c.outcome.is_not(None))):
                outcomes[int(case_id)].append(str(outcome))
        tally = {n: [0, 0, 0, 0] for n in rule_names}
        for r in rows:
            seen = outcomes.get(int(r.case_id), [])
            for name in set(r.matched_rules or ()) & set(tally):
                t = tally[name]
                t[0] += 1
                t[1] += bool(seen)
                t[2] += any(o in SUCCESS_OUTCOMES for o in seen)
                t[3] += r.state in ESCALATED_STATES
        return [RuleStats(n, *t) for n, t in tally.items()]
