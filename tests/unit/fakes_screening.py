"""In-memory fakes of the screening repository and the holdout part of the evaluation
repository, for the run-screening use case on ``tests.unit.fakes.FakeUnitOfWork``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from doorstep.core.errors import NotFound
from doorstep.screening.holdout import UpliftRow
from doorstep.screening.ranking import UpliftHistory
from doorstep.screening.records import ModelVersion, PlanScope, SelectionRow, Strategy


@dataclass
class FakeScreening:
    """``screening.ports.ScreeningRepository`` for a run: one plan, strategies and models
    kept by id, the feature inputs as given, runs and their selections stored in lists."""

    plans: dict[int, PlanScope] = field(default_factory=dict)
    strategies: dict[int, Strategy] = field(default_factory=dict)
    models: dict[int, ModelVersion] = field(default_factory=dict)
    current_model: int | None = None
    inputs: dict[str, pd.DataFrame] = field(default_factory=dict)
    history: UpliftHistory = field(default_factory=UpliftHistory)
    runs: list[dict[str, Any]] = field(default_factory=list)
    selected: dict[int, list[SelectionRow]] = field(default_factory=dict)

    def plan(self, plan_id: int) -> PlanScope:
        if plan_id not in self.plans:
            raise NotFound(entity="plan", id=plan_id)
        return self.plans[plan_id]

    def strategy_ids(self) -> list[int]:
        return sorted(self.strategies, reverse=True)

    def strategy(self, strategy_id: int) -> Strategy:
        return self.strategies[strategy_id]

    def current_model_id(self) -> int | None:
        return self.current_model

    def model_version(self, model_id: int) -> ModelVersion:
        return self.models[model_id]

    def feature_inputs(self, as_of: date, branch_ids: Any) -> dict[str, pd.DataFrame]:
        return {name: frame.copy() for name, frame in self.inputs.items()}

    def uplift_history(self, business_lines: Any) -> UpliftHistory:
        return self.history

    def add_run(self, values: dict[str, Any]) -> int:
        self.runs.append(values)
        return len(self.runs)

    def add_selections(self, run_id: int, rows: Any) -> None:
        self.selected.setdefault(run_id, []).extend(rows)


@dataclass
class FakeEvaluation:
    """The holdout part of ``evaluation.ports.EvaluationRepository``: earlier runs'
    held-out customers ``(customer, run, approved at)``, approved lifts, uplift history."""

    held: list[tuple[int, int, datetime]] = field(default_factory=list)
    lifted: set[tuple[int, int]] = field(default_factory=set)
    uplift: list[UpliftRow] = field(default_factory=list)

    def held_out_since(self, customer_ids: Any = None) -> list[tuple[int, int, datetime]]:
        return [h for h in self.held if customer_ids is None or h[0] in customer_ids]

    def approved_lifts(self, customer_ids: Any = None) -> set[tuple[int, int]]:
        return set(self.lifted)

    def uplift_rows(self, today: date, measure: str) -> list[UpliftRow]:
        return list(self.uplift)
