"""Screening API schemas: ``XCreate`` in, ``XPublic`` out, built from the service records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from doorstep.api.schemas import Strict
from doorstep.screening.records import ModelVersion, RunRecord, SelectionRow, Strategy
from doorstep.screening.views import RunCounts


class RuleSetPublic(BaseModel):
    name: str
    business_line: str
    version: int
    rules: dict[str, str] = Field(description="rule name → expression")


class ModelVersionPublic(BaseModel):
    id: int
    version: int
    status: str
    auc: float | None
    brier: float | None
    trained_on: str
    approved_by: str | None
    created_at: datetime


class StrategyPublic(BaseModel):
    id: int
    name: str
    version: int
    created_by: str
    created_at: datetime
    ranking: dict[str, Any]
    model_version_id: int | None = Field(description="null: the current model at run time")
    rule_sets: list[RuleSetPublic]
    model: ModelVersionPublic | None


class RunCreate(Strict):
    plan_id: int = Field(ge=1)
    engine: Literal["duckdb", "spark"] = "duckdb"
    seed: int = Field(7, ge=0, le=2**31 - 1)
    as_of: date | None = Field(None, description="default: today")
    strategy_id: int | None = Field(None, ge=1, description="default: the newest strategy")
    challenger_strategy_id: int | None = Field(None, ge=1)
    challenger_share: float = Field(0.0, ge=0, le=0.5)


class RunCountsPublic(BaseModel):
    selected: int
    champion: int
    challenger: int
    manual: int
    holdout: int
    over_budget: int
    removed: int
    cases: int


class RunPublic(BaseModel):
    id: int
    plan_id: int
    strategy_id: int
    challenger_strategy_id: int | None
    challenger_share: float
    holdout_share: float
    engine: str
    seed: int
    status: str
    summary: dict[str, Any]
    started_at: datetime
    started_by: str
    approved_by: str | None
    approved_at: datetime | None
    version: int
    counts: RunCountsPublic | None = None


class ReasonPublic(BaseModel):
    feature: str
    value: float | None
    contribution: float
    text: str
    increases_risk: bool


class SelectionPublic(BaseModel):
    customer_id: int
    customer_name: str
    business_line: str
    case_type: str
    arm: str
    outcome_group: str
    rank: int | None
    risk: float
    uplift: float | None
    expected_benefit: float
    amount_at_stake: float
    matched_rules: list[str]
    reason_codes: list[ReasonPublic]
    manual_reason: str | None
    manual_by: str | None
    case_id: int | None


class SelectionPagePublic(BaseModel):
    items: list[SelectionPublic]
    total: int
    page: int
    page_size: int


class SelectionEditCreate(Strict):
    customer_id: int = Field(ge=1)
    reason: str = Field(min_length=1, max_length=500)
    version: int | None = Field(None, ge=1, description="the run version you looked at")


class ApprovalCreate(Strict):
    """The decider is the logged-in user (never the analyst who ran the list)."""

    version: int | None = Field(None, ge=1, description="the run version you looked at")
    reason: str | None = Field(None, min_length=4, max_length=500,
                               description="default: 'List approved' in your language")


class ApprovalPublic(BaseModel):
    run: RunPublic
    case_ids: list[int]


def model_public(m: ModelVersion | None) -> ModelVersionPublic | None:
    if m is None:
        return None
    return ModelVersionPublic(id=m.id, version=m.version, status=m.status,
                              auc=m.metrics.get("auc"), brier=m.metrics.get("brier"),
                              trained_on=m.trained_on, approved_by=m.approved_by,
                              created_at=m.created_at)


def strategy_public(s: Strategy, m: ModelVersion | None) -> StrategyPublic:
    sets = [RuleSetPublic(name=rs.name, business_line=str(rs.business_line), version=rs.version,
                          rules={r.name: r.expression for r in rs.rules}) for rs in s.rule_sets]
    return StrategyPublic(id=s.id, name=s.name, version=s.version, created_by=s.created_by,
                          created_at=s.created_at, ranking=s.ranking,
                          model_version_id=s.model_version_id, rule_sets=sets,
                          model=model_public(m))


def run_public(run: RunRecord, counts: RunCounts | None = None) -> RunPublic:
    values = {k: getattr(run, k) for k in RunRecord.__dataclass_fields__}
    return RunPublic(**values, counts=RunCountsPublic(**counts.__dict__) if counts else None)


def selection_public(row: SelectionRow) -> SelectionPublic:
    values = {k: getattr(row, k) for k in SelectionPublic.model_fields
              if k not in ("matched_rules", "reason_codes")}
    return SelectionPublic(**values, matched_rules=list(row.matched_rules),
                           reason_codes=[reason_public(r) for r in row.reason_codes])


def reason_public(stored: dict[str, Any]) -> ReasonPublic:
    """A stored reason code in the response shape; older rows ({"code", "text"}) included."""
    contribution = float(stored.get("contribution") or 0.0)
    value = stored.get("value")
    return ReasonPublic(feature=str(stored.get("feature") or stored.get("code") or ""),
                        value=None if value is None else float(value),
                        contribution=contribution, text=str(stored.get("text") or ""),
                        increases_risk=bool(stored.get("increases_risk", contribution > 0)))
