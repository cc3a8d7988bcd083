"""Population drift: the population stability index (PSI) of each feature.

Bins are fixed from the reference (training) population's quantiles; missing values form a
bin of their own; an empty bin counts as ``epsilon`` so the logarithm stays finite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, _

EPSILON = 1e-4
BINS = 10
#: Upper bounds of the levels: below 0.1 stable, up to 0.25 minor drift, above major drift.
MINOR, MAJOR = 0.1, 0.25
LEVEL_LABELS = {"stable": N_("stable"), "minor": N_("minor drift"), "major": N_("major drift")}


@dataclass(frozen=True)
class FeatureDrift:
    """The PSI of one feature, its level and the share of each population per bin."""

    feature: str
    psi: float
    level: str
    reference_shares: tuple[float, ...]
    current_shares: tuple[float, ...]

    @property
    def label(self) -> str:
        """The level in words, in the current language (stable / minor / major drift)."""
        return _(LEVEL_LABELS[self.level])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"feature": self.feature, "psi": self.psi, "level": self.level,
                "reference_shares": list(self.reference_shares),
                "current_shares": list(self.current_shares)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureDrift:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["feature"]), float(data["psi"]), str(data["level"]),
                   tuple(data["reference_shares"]), tuple(data["current_shares"]))


def quantile_edges(reference: ArrayLike, bins: int = BINS) -> np.ndarray:
    """Interior bin edges: the distinct ``1/bins … (bins-1)/bins`` quantiles of ``reference``.

    Parameters
    ----------
    reference : array-like of float
        The reference population; NaN values are ignored.
    bins : int, default 10
        Wanted number of bins (ties may merge some).

    Returns
    -------
    ndarray
        Sorted distinct edges; a value ``x`` falls in bin ``searchsorted(edges, x, 'right')``.
    """
    if bins < 2:
        raise ValidationFailed(N_("bins must be ≥ 2, got %(bins)s"), bins=bins)
    values = np.asarray(reference, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return np.array([], dtype=float)
    return np.unique(np.quantile(values, np.arange(1, bins) / bins))


def bin_shares(values: ArrayLike, edges: np.ndarray, epsilon: float = EPSILON) -> np.ndarray:
    """Share of ``values`` in each bin of ``edges`` plus a last bin for missing values."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValidationFailed(N_("empty population: no PSI can be computed"))
    missing = np.isnan(x)
    counts = np.bincount(np.searchsorted(edges, x[~missing], side="right"),
                         minlength=edges.size + 1).astype(float)
    shares = np.append(counts, missing.sum()) / x.size
    return np.maximum(shares, epsilon)


def psi(reference: ArrayLike, current: ArrayLike, bins: int = BINS,
        epsilon: float = EPSILON) -> float:
    """Population stability index of ``current`` against ``reference``.

    Parameters
    ----------
    reference, current : array-like of float
        The two populations of one feature; NaN means missing.
    bins : int, default 10
        Quantile bins taken from ``reference``.
    epsilon : float, default 1e-4
        Share given to an empty bin.

    Returns
    -------
    float
        ``sum((c - r) * ln(c / r))`` over the bins; 0 when the distributions agree.
    """
    edges = quantile_edges(reference, bins)
    r, c = bin_shares(reference, edges, epsilon), bin_shares(current, edges, epsilon)
    return float(np.sum((c - r) * np.log(c / r)))


def drift_level(value: float) -> str:
    """``stable`` below 0.1, ``minor`` up to 0.25, ``major`` above."""
    if value < MINOR:
        return "stable"
    return "minor" if value <= MAJOR else "major"


def drift_report(reference: pd.DataFrame, current: pd.DataFrame, features: Sequence[str],
                 bins: int = BINS) -> tuple[FeatureDrift, ...]:
    """PSI per feature, worst first.

    Parameters
    ----------
    reference : DataFrame
        The training population.
    current : DataFrame
        The population now.
    features : sequence of str
        Columns to compare (numeric; booleans count as 0/1).
    bins : int, default 10

    Returns
    -------
    tuple of FeatureDrift
        Sorted by PSI, largest first (ties by name).
    """
    missing = [f for f in features if f not in reference.columns or f not in current.columns]
    if missing:
        raise ValidationFailed(N_("missing features: %(features)s"), features=", ".join(missing))
    rows = []
    for name in features:
        ref = reference[name].astype("float64").to_numpy()
        cur = current[name].astype("float64").to_numpy()
        edges = quantile_edges(ref, bins)
        r, c = bin_shares(ref, edges), bin_shares(cur, edges)
        value = round(float(np.sum((c - r) * np.log(c / r))), 4)
        rows.append(FeatureDrift(name, value, drift_level(value),
                                 tuple(round(float(v), 4) for v in r),
                                 tuple(round(float(v), 4) for v in c)))
    return tuple(sorted(rows, key=lambda d: (-d.psi, d.feature)))
