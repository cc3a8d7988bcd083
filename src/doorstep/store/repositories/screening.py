"""Screening in the database: plans' scope, model versions, rule sets, strategies, runs,
selections, text scores and the outcomes models learn from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select, update

from doorstep.cases.model import ESCALATED_STATES
from doorstep.core.clock import naive_utc
from doorstep.core.errors import NotFound, StaleVersion
from doorstep.core.i18n import N_, NP_, Msg
from doorstep.screening.ranking import UpliftHistory
from doorstep.screening.records import (
    ModelVersion,
    PlanScope,
    RunRecord,
    SelectionRow,
    Strategy,
)
from doorstep.screening.rules import RuleSet
from doorstep.store.repositories.screening_inputs import feature_inputs
from doorstep.store.tables import cases, complaints, customers, plans
from doorstep.store.tables_screening import (
    model_versions,
    rule_sets,
    screening_runs,
    screening_selections,
    strategies,
    text_scores,
)

_SEL_FIELDS = [c.name for c in screening_selections.c if c.name not in ("run_id",)]


def _selection(m: Any) -> SelectionRow:
    values = {k: m[k] for k in _SEL_FIELDS}
    values["matched_rules"] = tuple(values["matched_rules"] or ())
    values["reason_codes"] = tuple(values["reason_codes"] or ())
    values["amount_at_stake"] = float(values["amount_at_stake"])
    return SelectionRow(**values, customer_name=m.get("customer_name") or "")


class ScreeningRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def feature_inputs(self, as_of: date,
                       branch_ids: Sequence[int] | None) -> dict[str, pd.DataFrame]:
        return feature_inputs(self.conn, as_of, branch_ids)

    def plan(self, plan_id: int) -> PlanScope:
        row = self.conn.execute(select(plans).where(plans.c.id == plan_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Plan")), id=plan_id)
        return PlanScope(id=row.id, name=row.name, business_lines=tuple(row.business_lines),
                         branch_ids=tuple(row.branch_ids), visit_budget=row.visit_budget,
                         holdout_share=row.holdout_share)

    def plan_ids(self, limit: int = 100) -> list[int]:
        """Active plans, newest first."""
        return [int(i) for i in self.conn.execute(
            select(plans.c.id).where(plans.c.status == "active")
            .order_by(plans.c.id.desc()).limit(limit)).scalars()]

    # -- model versions ---------------------------------------------------------------
    def add_model_version(self, trained_on: str, features: Sequence[str],
                          metrics: dict[str, Any], blob: bytes, at: datetime) -> ModelVersion:
        last = self.conn.execute(select(func.max(model_versions.c.version))
                                 .where(model_versions.c.kind == "escalation")).scalar() or 0
        key = self.conn.execute(model_versions.insert().values(
            kind="escalation", version=last + 1, created_at=naive_utc(at), trained_on=trained_on,
            feature_names=list(features), metrics=metrics, blob=blob, status="candidate",
        )).inserted_primary_key
        assert key is not None
        return self.model_version(int(key[0]))

    def model_version(self, model_id: int) -> ModelVersion:
        row = self.conn.execute(select(model_versions)
                                .where(model_versions.c.id == model_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Model version")), id=model_id)
        return ModelVersion(id=row.id, version=row.version, status=row.status,
                            metrics=row.metrics, created_at=row.created_at,
                            trained_on=row.trained_on, approved_by=row.approved_by, blob=row.blob)

    def current_model_id(self) -> int | None:
        value = self.conn.execute(select(model_versions.c.id).where(
            model_versions.c.status == "current").order_by(model_versions.c.id.desc())).scalar()
        return None if value is None else int(value)

    def list_models(self) -> list[ModelVersion]:
        cols = [c for c in model_versions.c if c.name != "blob"]
        rows = self.conn.execute(select(*cols).order_by(model_versions.c.id.desc())).all()
        return [ModelVersion(id=r.id, version=r.version, status=r.status, metrics=r.metrics,
                             created_at=r.created_at, trained_on=r.trained_on,
                             approved_by=r.approved_by) for r in rows]

    def make_current(self, model_id: int, approver: str, at: datetime) -> None:
        self.conn.execute(update(model_versions).where(model_versions.c.status == "current")
                          .values(status="retired"))
        self.conn.execute(update(model_versions).where(model_versions.c.id == model_id)
                          .values(status="current", approved_by=approver,
                                  approved_at=naive_utc(at)))

    # -- rule sets and strategies -----------------------------------------------------
    def add_rule_set(self, rule_set: RuleSet, by: str, at: datetime) -> int:
        last = self.conn.execute(select(func.max(rule_sets.c.version))
                                 .where(rule_sets.c.name == rule_set.name)).scalar() or 0
        stored = rule_set.to_dict() | {"version": last + 1}
        key = self.conn.execute(rule_sets.insert().values(
            name=rule_set.name, business_line=rule_set.business_line, version=last + 1,
            rules=stored, created_at=naive_utc(at), created_by=by)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def add_strategy(self, name: str, rule_set_ids: Sequence[int], model_version_id: int | None,
                     ranking: dict[str, Any], by: str, at: datetime) -> int:
        last = self.conn.execute(select(func.max(strategies.c.version))
                                 .where(strategies.c.name == name)).scalar() or 0
        key = self.conn.execute(strategies.insert().values(
            name=name, version=last + 1, rule_set_ids=list(rule_set_ids),
            model_version_id=model_version_id, ranking=ranking, created_at=naive_utc(at),
            created_by=by)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def strategy(self, strategy_id: int) -> Strategy:
        row = self.conn.execute(select(strategies).where(strategies.c.id == strategy_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Screening strategy")), id=strategy_id)
        sets = self.conn.execute(select(rule_sets.c.rules)
                                 .where(rule_sets.c.id.in_(list(row.rule_set_ids)))
                                 .order_by(rule_sets.c.id)).scalars()
        return Strategy(id=row.id, name=row.name, version=row.version,
                        rule_sets=tuple(RuleSet.from_dict(s) for s in sets),
                        model_version_id=row.model_version_id, ranking=row.ranking,
                        created_by=row.created_by, created_at=row.created_at)

    def strategy_ids(self) -> list[int]:
        return [int(i) for i in self.conn.execute(
            select(strategies.c.id).order_by(strategies.c.id.desc())).scalars()]

    # -- runs and selections ----------------------------------------------------------
    def add_run(self, values: dict[str, Any]) -> int:
        values = {k: naive_utc(v) if isinstance(v, datetime) else v for k, v in values.items()}
        key = self.conn.execute(screening_runs.insert().values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def add_selections(self, run_id: int, rows: Sequence[SelectionRow]) -> None:
        if rows:
            self.conn.execute(screening_selections.insert(), [
                {k: (list(getattr(r, k)) if k in ("matched_rules", "reason_codes")
                     else getattr(r, k)) for k in _SEL_FIELDS if k != "id"} | {"run_id": run_id}
                for r in rows])

    def run(self, run_id: int) -> RunRecord:
        row = self.conn.execute(select(screening_runs)
                                .where(screening_runs.c.id == run_id)).first()
        if row is None:
            raise NotFound(entity=NP_("entity", "Screening run"), id=run_id)
        m = row._mapping
        return RunRecord(**{k: m[k] for k in RunRecord.__dataclass_fields__})

    def run_ids(self, limit: int = 50) -> list[int]:
        return [int(i) for i in self.conn.execute(
            select(screening_runs.c.id).order_by(screening_runs.c.id.desc()).limit(limit))
            .scalars()]

    def selections(self, run_id: int, group: str | None = None,
                   business_line: str | None = None) -> list[SelectionRow]:
        s = screening_selections.c
        stmt = (select(screening_selections, customers.c.name.label("customer_name"))
                .join(customers, customers.c.id == s.customer_id).where(s.run_id == run_id))
        if group:
            stmt = stmt.where(s.outcome_group == group)
        if business_line:
            stmt = stmt.where(s.business_line == business_line)
        stmt = stmt.order_by(s.outcome_group, s.arm, s.rank, s.customer_id)
        return [_selection(r._mapping) for r in self.conn.execute(stmt)]

    def selection(self, run_id: int, customer_id: int) -> SelectionRow | None:
        rows = [r for r in self.selections(run_id) if r.customer_id == customer_id]
        return rows[0] if rows else None

    def update_selection(self, selection_id: int, **values: Any) -> None:
        self.conn.execute(update(screening_selections)
                          .where(screening_selections.c.id == selection_id).values(**values))

    def mark_approved(self, run_id: int, expected_version: int, by: str, at: datetime) -> None:
        result = self.conn.execute(update(screening_runs).where(
            screening_runs.c.id == run_id, screening_runs.c.version == expected_version).values(
            status="approved", approved_by=by, approved_at=naive_utc(at),
            version=expected_version + 1))
        if result.rowcount != 1:
            raise StaleVersion(current=None, given=expected_version)

    def touch_run(self, run_id: int, expected_version: int) -> None:
        result = self.conn.execute(update(screening_runs).where(
            screening_runs.c.id == run_id, screening_runs.c.version == expected_version)
            .values(version=expected_version + 1))
        if result.rowcount != 1:
            raise StaleVersion(current=None, given=expected_version)

    def customer_branch(self, customer_id: int) -> int:
        value = self.conn.execute(select(customers.c.branch_id)
                                  .where(customers.c.id == customer_id)).scalar()
        if value is None:
            raise NotFound(entity=Msg(N_("Customer")), id=customer_id)
        return int(value)

    # -- outcomes ---------------------------------------------------------------------
    def escalation_labels(self) -> pd.DataFrame:
        """Customers who escalated: a case in escalated/mediation/litigation, or a regulator
        complaint."""
        by_case = select(cases.c.customer_id).where(cases.c.state.in_(ESCALATED_STATES))
        by_regulator = select(complaints.c.customer_id).where(complaints.c.channel == "regulator")
        ids = set(self.conn.execute(by_case).scalars()) | set(
            self.conn.execute(by_regulator).scalars())
        return pd.DataFrame({"customer_id": sorted(int(i) for i in ids)})

    def uplift_history(self, business_lines: Sequence[str]) -> UpliftHistory:
        s = screening_selections.c
        rows = self.conn.execute(
            select(s.outcome_group, s.customer_id).join(
                screening_runs, screening_runs.c.id == s.run_id)
            .where(screening_runs.c.status == "approved",
                   s.outcome_group.in_(("selected", "holdout")),
                   s.business_line.in_(list(business_lines)))).all()
        escalated = set(self.escalation_labels()["customer_id"].tolist())
        visited = [r.customer_id for r in rows if r.outcome_group == "selected"]
        held = [r.customer_id for r in rows if r.outcome_group == "holdout"]
        return UpliftHistory(len(visited), sum(c in escalated for c in visited),
                             len(held), sum(c in escalated for c in held))

    # -- texts ------------------------------------------------------------------------
    def unscored_complaints(self, limit: int) -> list[tuple[int, str]]:
        rows = self.conn.execute(select(complaints.c.id, complaints.c.text)
                                 .where(complaints.c.dissatisfaction.is_(None))
                                 .order_by(complaints.c.id).limit(limit)).all()
        return [(int(r.id), str(r.text)) for r in rows]

    def add_complaint(self, values: dict[str, Any]) -> int:
        key = self.conn.execute(complaints.insert().values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def store_text_scores(self, scores: Sequence[tuple[int, float, bool]], model: str,
                          at: datetime) -> None:
        for complaint_id, score, strong in scores:
            self.conn.execute(update(complaints).where(complaints.c.id == complaint_id)
                              .values(dissatisfaction=score, strong_dissatisfaction=strong))
        if scores:
            self.conn.execute(text_scores.insert(), [
                {"source": "complaint", "source_id": i, "dissatisfaction": s,
                 "strong_dissatisfaction": b, "model": model, "scored_at": naive_utc(at)}
                for i, s, b in scores])
