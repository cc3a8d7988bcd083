"""The distinct places of a day and the travel times between them, computed once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .model import GeoPoint
from .travel import IntMatrix, TravelMatrix


@dataclass(frozen=True)
class Places:
    """The distinct places of a day and the travel seconds between them."""

    points: tuple[GeoPoint, ...]
    index: dict[GeoPoint, int]
    durations: IntMatrix

    @classmethod
    def of(cls, points: Iterable[GeoPoint], matrix: TravelMatrix) -> Places:
        """Deduplicate ``points`` and ask ``matrix`` for their travel times."""
        unique = tuple(dict.fromkeys(points))
        durations = np.asarray(matrix.durations(unique), dtype=np.int64)
        return cls(unique, {p: i for i, p in enumerate(unique)}, durations)

    def leg(self, origin: GeoPoint, destination: GeoPoint) -> int:
        """Travel seconds between two known places."""
        return int(self.durations[self.index[origin], self.index[destination]])
