"""Improvement values the services and the repository exchange: plain dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from doorstep.evaluation.improvement.drift import FeatureDrift

PENDING, PROMOTED, REJECTED = "pending", "promoted", "rejected"


@dataclass(frozen=True)
class CandidateReview:
    """A retrained candidate model with its time-based comparison and drift report."""

    id: int
    model_version_id: int
    model_version: int
    champion_id: int | None
    inputs_key: str
    cutoff: date
    as_of: date
    seed: int
    counts: dict[str, int]
    comparison: dict[str, Any]
    drift: tuple[FeatureDrift, ...]
    verdict: str
    decision: str
    created_at: datetime
    created_by: str
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None

    @property
    def major_drift(self) -> int:
        """Number of features with major drift (PSI > 0.25)."""
        return sum(d.level == "major" for d in self.drift)
