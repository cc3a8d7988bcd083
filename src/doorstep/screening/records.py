"""Screening values the services and repositories exchange: plain dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from doorstep.screening.rules import RuleSet


@dataclass(frozen=True)
class PlanScope:
    """What a plan allows a run to select: lines, branches, visits and the holdout share."""

    id: int
    name: str
    business_lines: tuple[str, ...]
    branch_ids: tuple[int, ...]
    visit_budget: int
    holdout_share: float
    period_end: datetime | None = None


@dataclass(frozen=True)
class ModelVersion:
    """A stored escalation model: its status (candidate/current/retired), metrics and bytes."""

    id: int
    version: int
    status: str
    metrics: dict[str, Any]
    created_at: datetime
    trained_on: str
    approved_by: str | None = None
    blob: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Strategy:
    """Rule sets (per business line) + model version + ranking parameters, versioned."""

    id: int
    name: str
    version: int
    rule_sets: tuple[RuleSet, ...]
    model_version_id: int | None
    ranking: dict[str, Any]
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class SelectionRow:
    """One customer on a run's list, with everything that explains the decision."""

    customer_id: int
    account_id: int | None
    business_line: str
    case_type: str
    arm: str
    outcome_group: str
    rank: int | None
    risk: float
    uplift: float | None
    expected_benefit: float
    amount_at_stake: float
    matched_rules: tuple[str, ...]
    reason_codes: tuple[dict[str, Any], ...]
    manual_reason: str | None = None
    manual_by: str | None = None
    case_id: int | None = None
    id: int | None = None
    customer_name: str = ""


@dataclass(frozen=True)
class RunRecord:
    """A screening run: its plan, strategies, parameters, status and summary."""

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
