"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple, Protocol, TypedDict

from doorstep.evaluation.model import Dimension, KpiCounts, Period, Scope
from doorstep.screening.holdout import UpliftRow

#: A KPI cube cell: (plan, owner team, business line, branch).
Key = str | None
CubeKey = tuple[int | None, int | None, str, int | None]


class EffectSelection(NamedTuple):
    """A selection row of an approved run with the run's approval time and caps (the
    study's unit of assignment); unpacked positionally by ``evaluation.study``."""

    run_id: int
    approved_at: datetime  # approved runs only
    summary: Any
    customer_id: int
    arm: str
    outcome_group: str
    rank: int | None
    manual_by: str | None
    risk: float
    amount_at_stake: Decimal


class LiftRequest(NamedTuple):
    """A request to lift a customer's holdout lock, as stored."""

    id: int
    customer_id: int
    run_id: int
    reason: str
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str


class SurveyComment(NamedTuple):
    """An answered survey with a comment, with its case number."""

    id: int
    case_no: str
    answered_at: datetime
    csat: int | None
    nps: int | None
    comment: str
    dissatisfaction: float | None


class ReportRun(NamedTuple):
    """A report run as stored (kind, period, file, status)."""

    id: int
    kind: str
    period_key: str
    plan_id: int | None
    status: str
    out_dir: str
    files: Any
    cases: int
    actor: str
    started_at: datetime
    finished_at: datetime | None



class EffectFacts(TypedDict):
    """What happened to the screened customers, per kind of fact: repayment months
    (customer, month, amount paid, worst days past due), complaints, litigation and visits
    (customer, when), and approved lock lifts (customer, run)."""

    months: list[tuple[int, date, Decimal | None, int | None]]
    complaints: list[tuple[int, datetime]]
    litigation: list[tuple[int, datetime]]
    visits: list[tuple[int, datetime]]
    lifts: list[tuple[int, int]]


class EvaluationRepository(Protocol):
    """What the use cases ask of ``uow.evaluation`` (``store.repositories.evaluation``)."""

    def effect_selections(
        self, plan_id: int | None, branch_id: int | None
    ) -> list[EffectSelection]: ...
    def effect_facts(self, plan_id: int | None, branch_id: int | None) -> EffectFacts: ...
    def uplift_rows(self, today: date, measure: str) -> list[UpliftRow]: ...
    def held_out_since(
        self, customer_ids: Sequence[int] | None = ...
    ) -> list[tuple[int, int, datetime | None]]: ...
    def approved_lifts(self, customer_ids: Sequence[int] | None = ...) -> set[tuple[int, int]]: ...
    def add_lift(self, values: dict[str, Any]) -> int: ...
    def lift(self, lift_id: int) -> LiftRequest | None: ...
    def decide_lift(self, lift_id: int, status: str, by: str, at: datetime, note: str) -> bool: ...
    def counts(self, scope: Scope, period: Period) -> dict[CubeKey, KpiCounts]: ...
    def team_members(self, team_ids: list[int]) -> dict[int, tuple[int, int]]: ...
    def names(self, dimension: Dimension, keys: list[Key]) -> dict[Key, str]: ...
    def visits_by_month(self, scope: Scope, period: Period) -> list[tuple[str, int]]: ...
    def survey_comments(
        self, scope: Scope, period: Period, limit: int = ...
    ) -> list[SurveyComment]: ...
    def unscored_comments(self, limit: int) -> list[tuple[int, str]]: ...
    def store_comment_scores(self, scores: list[tuple[int, float]]) -> None: ...
    def snapshot(
        self, plan_id: int, period: Period, branch_id: int | None
    ) -> tuple[dict[str, Any], datetime] | None: ...
    def save_snapshot(
        self,
        plan_id: int,
        period: Period,
        branch_id: int | None,
        figures: dict[str, Any],
        computed_at: datetime,
    ) -> None: ...
    def branch_ids(self) -> list[int]: ...
    def last_report(self, kind: str, period_key: str, plan_id: int | None) -> ReportRun | None: ...
    def add_report_run(self, values: dict[str, Any]) -> int: ...
    def report_runs(self, limit: int = ...) -> list[ReportRun]: ...
