"""Scoring feature rows in batches, anywhere: in this process or on a Spark executor.

A :class:`Scorer` is a small picklable value (model bytes, rule sets, plan lines, uplift). Its
``score`` turns any batch of feature rows into score rows — in-scope candidates only, with
each strategy's risk and expected benefit (``-inf`` where its rules do not select the
customer). The driver then reads just ``customer_id`` and the two benefits to rank, so a
10-million-customer portfolio never travels through it as features.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from doorstep.screening.features.spec import MODEL_FEATURES
from doorstep.screening.features.validate import normalise_output
from doorstep.screening.model import EscalationModel
from doorstep.screening.ranking import SELECTED, Ranking, expected_benefit
from doorstep.screening.rules import RuleSet
from doorstep.screening.scoring import compile_rule_sets, in_scope, rule_hits

#: The scores table as Spark declares it (``lake.SCORES`` for pyarrow).
SCORE_SCHEMA = ("customer_id long, risk_a double, benefit_a double, risk_b double, "
                "benefit_b double")


@dataclass(frozen=True)
class StrategyScore:
    """What one strategy needs to score: its model's bytes, its rule sets, its amount floor."""

    model_blob: bytes = field(repr=False)
    rule_sets: tuple[RuleSet, ...]
    min_amount: float = 1000.0


@dataclass(frozen=True)
class Scorer:
    """Scores batches of feature rows for a plan: champion (a) and challenger (b)."""

    lines: tuple[str, ...]
    uplift: float
    champion: StrategyScore
    challenger: StrategyScore | None = None

    def _one(self, s: StrategyScore, frame: pd.DataFrame,
             cache: dict[int, Any]) -> tuple[np.ndarray, np.ndarray]:
        if id(s) not in cache:
            cache[id(s)] = (EscalationModel.from_bytes(s.model_blob),
                            compile_rule_sets(s.rule_sets))
        model, compiled = cache[id(s)]
        if frame.empty:
            return np.zeros(0), np.zeros(0)
        risk = model.predict_proba(frame[list(MODEL_FEATURES)].astype("float64"))
        benefit = expected_benefit(risk, frame["amount_at_risk"].to_numpy(float), self.uplift,
                                   s.min_amount)
        hit = rule_hits(frame, compiled)[1].any(axis=1)
        return np.asarray(risk, float), np.where(hit, benefit, -np.inf)

    def score(self, batches: Iterable[pd.DataFrame]) -> Iterable[pd.DataFrame]:
        """Score rows of each feature batch that are in the plan's scope (a generator)."""
        cache: dict[int, Any] = {}
        for batch in batches:
            frame = in_scope(normalise_output(batch), self.lines)
            risk_a, benefit_a = self._one(self.champion, frame, cache)
            risk_b, benefit_b = (self._one(self.challenger, frame, cache)
                                 if self.challenger else (risk_a, benefit_a))
            yield pd.DataFrame({
                "customer_id": frame["customer_id"].to_numpy(np.int64),
                "risk_a": risk_a, "benefit_a": benefit_a, "risk_b": risk_b,
                "benefit_b": benefit_b})


def ranked_ids(customer_ids: np.ndarray, ranking: Ranking) -> np.ndarray:
    """The selected customers in list order: by arm (champion, challenger), then rank."""
    ids = np.asarray(customer_ids, np.int64)
    chosen = np.flatnonzero(ranking.group == SELECTED)
    arm_order = np.where(ranking.arm[chosen] == "champion", 0, 1)
    order = np.lexsort((ids[chosen], ranking.rank[chosen], arm_order))
    return ids[chosen[order]]


def ranked_digest(ids: Sequence[int] | np.ndarray) -> str:
    """SHA-256 of the ordered customer ids, one decimal id per line."""
    text = "\n".join(str(int(i)) for i in ids)
    return hashlib.sha256(text.encode("ascii")).hexdigest()
