"""Small sampling helpers over an explicit ``random.Random`` (never the global one)."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Draw items by weight in O(log n), with the cumulative table built once."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        if not pairs or any(w < 0 for _, w in pairs):
            raise ValueError("Weighted needs at least one item and non-negative weights")
        self.items = [item for item, _ in pairs]
        self.cumulative = list(accumulate(w for _, w in pairs))
        if self.cumulative[-1] <= 0:
            raise ValueError("Weighted needs a positive total weight")

    def pick(self, rng: Random) -> T:
        x = rng.random() * self.cumulative[-1]
        return self.items[min(bisect_right(self.cumulative, x), len(self.items) - 1)]


def pick_weighted(rng: Random, weights: dict[T, float]) -> T:
    """One key of ``weights`` drawn by its (non-negative) weight; dict order is kept."""
    total = sum(weights.values())
    x = rng.random() * total
    last: T | None = None
    for key, w in weights.items():
        if w <= 0:
            continue
        last = key
        x -= w
        if x < 0:
            return key
    if last is None:
        raise ValueError("pick_weighted needs a positive total weight")
    return last


def lognormal_amount(rng: Random, median: float, spread: float, low: float, high: float) -> float:
    """A money amount around ``median`` with a long right tail, clipped and rounded to yuan."""
    value = median * math.exp(rng.gauss(0.0, spread))
    return float(round(min(max(value, low), high), 2))


def round_to(value: float, step: float) -> float:
    """``value`` rounded to a multiple of ``step`` (e.g. whole hundreds of yuan)."""
    return float(round(round(value / step) * step, 2))


def chance(rng: Random, p: float) -> bool:
    return rng.random() < p


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))
