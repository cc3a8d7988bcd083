"""Retraining on a time-based holdout (pure): split by a cut-off date, key the inputs,
fit the candidate with the screening model code, and compare it with the champion.

Rows are customers described by their features as of the cut-off. Training labels are the
escalations observed on or before the cut-off; the holdout is every customer not yet escalated
then, labelled by whether they escalated after it (up to ``as_of``) — the question the model
answers in production.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg
from doorstep.screening.model import EscalationModel, ModelMetrics, ModelParams, score_predictions

MIN_POSITIVES = 10
#: Share of dated outcomes that fall on or before the default cut-off.
TRAIN_SHARE = 0.7
#: AUC difference under which two models rank equally well.
AUC_MARGIN = 0.01


@dataclass(frozen=True)
class TimeSplit:
    """Training rows (outcomes up to the cut-off) and holdout rows (outcomes after it)."""

    train_x: pd.DataFrame
    train_y: np.ndarray
    test_x: pd.DataFrame
    test_y: np.ndarray

    def counts(self) -> dict[str, int]:
        """Rows and positives of each side."""
        return {"train_rows": len(self.train_y), "train_positives": int(self.train_y.sum()),
                "test_rows": len(self.test_y), "test_positives": int(self.test_y.sum())}


@dataclass(frozen=True)
class Comparison:
    """Candidate and champion measured on the same holdout, and what that suggests."""

    candidate: ModelMetrics
    champion: ModelMetrics | None
    verdict: str  # better | similar | worse | no_champion

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"candidate": self.candidate.to_dict(),
                "champion": self.champion.to_dict() if self.champion else None,
                "verdict": self.verdict}


def first_outcomes(events: pd.DataFrame) -> pd.Series:
    """The day each customer first escalated, from rows of ``customer_id`` and ``at``."""
    if events.empty:
        return pd.Series(dtype="datetime64[ns]", name="at")
    at = pd.to_datetime(events["at"])
    return at.groupby(events["customer_id"].astype("int64")).min()


def default_cutoff(first: pd.Series, share: float = TRAIN_SHARE) -> date:
    """The day on or before which ``share`` of the dated outcomes fall."""
    if first.empty:
        raise ValidationFailed(N_("no dated outcomes to split on"))
    ordered = first.sort_values().reset_index(drop=True)
    position = min(len(ordered) - 1, max(0, int(np.ceil(share * len(ordered))) - 1))
    stamp: datetime = ordered.iloc[position].to_pydatetime()
    return stamp.date()


def time_split(features: pd.DataFrame, first: pd.Series, cutoff: date, as_of: date,
               names: Sequence[str]) -> TimeSplit:
    """Split customers at ``cutoff`` (see the module docstring).

    Parameters
    ----------
    features : DataFrame
        Features as of ``cutoff`` with a ``customer_id`` column.
    first : Series
        First escalation time per customer id (:func:`first_outcomes`).
    cutoff, as_of : date
        Outcomes up to the end of ``cutoff`` train; those after it up to ``as_of`` test.
    names : sequence of str
        The model's feature columns.

    Returns
    -------
    TimeSplit
    """
    if cutoff >= as_of:
        raise ValidationFailed(N_("the cut-off %(cutoff)s must precede the as-of day %(as_of)s"),
                               cutoff=cutoff.isoformat(), as_of=as_of.isoformat())
    days = first.dt.date
    before = set(days[days <= cutoff].index.tolist())
    after = set(days[(days > cutoff) & (days <= as_of)].index.tolist())
    ids = features["customer_id"].astype("int64")
    x = features[list(names)].astype("float64").reset_index(drop=True)
    train_y = ids.isin(before).to_numpy(dtype=int)
    keep = ~ids.isin(before).to_numpy()
    test_y = ids[keep].isin(after).to_numpy(dtype=int)
    split = TimeSplit(x, train_y, x[keep].reset_index(drop=True), test_y)
    _check_enough(split)
    return split


def _check_enough(split: TimeSplit) -> None:
    for side, y in ((N_("training"), split.train_y), (N_("holdout"), split.test_y)):
        positives = int(y.sum())
        if positives < MIN_POSITIVES or len(y) - positives < MIN_POSITIVES:
            raise ValidationFailed(
                N_("too few %(side)s outcomes: %(escalated)s escalated of %(n)s (need ≥ "
                   "%(need)s of each); choose another cut-off"), side=Msg(side),
                escalated=positives, n=len(y), need=MIN_POSITIVES)


def inputs_key(split: TimeSplit, cutoff: date, as_of: date, seed: int,
               params: ModelParams) -> str:
    """SHA-256 of everything the candidate depends on: same key, same candidate."""
    digest = hashlib.sha256()
    header = {"cutoff": cutoff.isoformat(), "as_of": as_of.isoformat(), "seed": seed,
              "params": asdict(params), "features": list(split.train_x.columns)}
    digest.update(json.dumps(header, sort_keys=True).encode())
    for frame in (split.train_x, split.test_x):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    for labels in (split.train_y, split.test_y):
        digest.update(np.ascontiguousarray(labels, dtype=np.int8).tobytes())
    return digest.hexdigest()


def fit_candidate(split: TimeSplit, params: ModelParams, seed: int) -> tuple[EscalationModel,
                                                                              ModelMetrics]:
    """Train on the rows up to the cut-off; measure on the holdout after it."""
    model = EscalationModel.fit(split.train_x, split.train_y, params, seed=seed)
    metrics = score_predictions(split.test_y, model.predict_proba(split.test_x))
    return model.with_metrics(metrics), metrics


def verdict(candidate: ModelMetrics, champion: ModelMetrics | None) -> str:
    """``better`` if the candidate ranks better (AUC up by ≥ 0.01) or ranks as well with a
    lower Brier score; ``worse`` if it ranks worse or equally with a higher Brier score."""
    if champion is None:
        return "no_champion"
    gain = candidate.auc - champion.auc
    if gain >= AUC_MARGIN:
        return "better"
    if gain <= -AUC_MARGIN:
        return "worse"
    if candidate.brier < champion.brier:
        return "better"
    return "similar" if candidate.brier == champion.brier else "worse"
