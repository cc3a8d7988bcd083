"""Travel between places: a matrix interface and a straight-line estimate behind it.

The planner only asks a :class:`TravelMatrix` for durations and distances between points,
so a road-network matrix (OSRM, a map vendor's API, a cached table) can replace the
:class:`HaversineMatrix` estimate without touching the solver or the validator.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from .model import GeoPoint
from .params import RoutingParams

#: Mean Earth radius in metres (IUGG).
EARTH_RADIUS_M = 6_371_008.8

IntMatrix = npt.NDArray[np.int64]


@runtime_checkable
class TravelMatrix(Protocol):
    """Travel durations and distances between points, as square integer matrices."""

    def durations(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """Seconds to travel from ``points[i]`` to ``points[j]``; zero on the diagonal."""
        ...

    def distances(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """Metres travelled from ``points[i]`` to ``points[j]``; zero on the diagonal."""
        ...


def haversine_m(points: Sequence[GeoPoint]) -> npt.NDArray[np.float64]:
    """Great-circle distances in metres between every pair of points.

    Parameters
    ----------
    points
        Places in WGS-84 degrees.

    Returns
    -------
    numpy.ndarray
        A ``len(points) x len(points)`` float matrix of metres.
    """
    lat = np.radians(np.array([p.lat for p in points], dtype=np.float64))
    lon = np.radians(np.array([p.lon for p in points], dtype=np.float64))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    result: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return result


@dataclass(frozen=True)
class HaversineMatrix:
    """Road travel estimated as haversine distance x road factor, driven at a city speed.

    Durations are rounded up to whole seconds and distances to whole metres, so the same
    points always give the same integers (the validator relies on that).

    Parameters
    ----------
    road_factor
        Road distance as a multiple of the straight-line distance (default 1.4).
    speed_kmh
        Average driving speed in km/h (default 25, a Chinese city centre by day).
    """

    road_factor: float = 1.4
    speed_kmh: float = 25.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.road_factor) and self.road_factor >= 1.0):
            raise ValueError(f"road_factor must be at least 1, got {self.road_factor}")
        if not (math.isfinite(self.speed_kmh) and self.speed_kmh > 0):
            raise ValueError(f"speed_kmh must be positive, got {self.speed_kmh}")

    @classmethod
    def from_params(cls, params: RoutingParams) -> HaversineMatrix:
        """The estimate configured by ``params.road_factor`` and ``params.speed_kmh``."""
        return cls(road_factor=params.road_factor, speed_kmh=params.speed_kmh)

    def _road_m(self, points: Sequence[GeoPoint]) -> npt.NDArray[np.float64]:
        return haversine_m(points) * self.road_factor

    def distances(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """Road metres between every pair of points (see :class:`TravelMatrix`)."""
        return np.ceil(self._road_m(points) - 1e-9).astype(np.int64)

    def durations(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """Driving seconds between every pair of points (see :class:`TravelMatrix`)."""
        metres_per_second = self.speed_kmh / 3.6
        return np.ceil(self._road_m(points) / metres_per_second - 1e-9).astype(np.int64)
