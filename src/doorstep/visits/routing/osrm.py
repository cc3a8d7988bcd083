"""Road travel times from an OSRM server's ``table`` service, with a safe fallback.

:class:`OsrmMatrix` asks ``GET {base}/table/v1/{profile}/{lon,lat;...}?annotations=
duration,distance`` (OSRM's documented format; Valhalla's OSRM-compatible output works
too) and answers a :class:`~.travel.TravelMatrix`. :class:`FallbackMatrix` wraps it: when
the server cannot be reached or answers nonsense, the haversine estimate is used instead and
:attr:`FallbackMatrix.failure` says why, so the board can tell the dispatcher.
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .model import GeoPoint
from .travel import IntMatrix, TravelMatrix

#: OSRM's default cap on the ``table`` size (``--max-table-size``).
MAX_TABLE_POINTS = 100


class TravelProviderError(RuntimeError):
    """The road-network server did not answer a usable table."""


def _matrix(values: Any, size: int, what: str) -> IntMatrix:
    if not isinstance(values, list) or len(values) != size:
        raise TravelProviderError(f"OSRM {what}: expected {size} rows")
    out = np.zeros((size, size), dtype=np.int64)
    for i, row in enumerate(values):
        if not isinstance(row, list) or len(row) != size:
            raise TravelProviderError(f"OSRM {what}: row {i} has the wrong length")
        for j, cell in enumerate(row):
            if cell is None or not isinstance(cell, int | float) or not math.isfinite(cell):
                raise TravelProviderError(f"OSRM {what}: no route between points {i} and {j}")
            out[i, j] = 0 if i == j else math.ceil(cell)
    return out


@dataclass
class OsrmMatrix:
    """Durations and distances from an OSRM ``table`` service.

    Parameters
    ----------
    base_url
        The server, e.g. ``http://osrm.bank.local:5000``.
    profile
        The routing profile (``driving``).
    timeout
        Seconds to wait for an answer.
    max_points
        The server's ``--max-table-size``; a larger day falls back to the estimate.
    """

    base_url: str
    profile: str = "driving"
    timeout: float = 5.0
    max_points: int = MAX_TABLE_POINTS
    _last: tuple[tuple[GeoPoint, ...], IntMatrix, IntMatrix] | None = field(
        default=None, repr=False)

    def _table(self, points: Sequence[GeoPoint]) -> tuple[IntMatrix, IntMatrix]:
        key = tuple(points)
        if self._last is not None and self._last[0] == key:
            return self._last[1], self._last[2]
        if len(key) > self.max_points:
            raise TravelProviderError(
                f"{len(key)} places exceed the table limit of {self.max_points}")
        coords = ";".join(f"{p.lon:.6f},{p.lat:.6f}" for p in key)
        url = (f"{self.base_url.rstrip('/')}/table/v1/{self.profile}/{coords}"
               "?annotations=duration,distance")
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as answer:  # noqa: S310
                body = json.loads(answer.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise TravelProviderError(f"OSRM unreachable: {exc}") from None
        if not isinstance(body, dict) or body.get("code") != "Ok":
            code = body.get("code") if isinstance(body, dict) else "?"
            raise TravelProviderError(f"OSRM answered {code}")
        durations = _matrix(body.get("durations"), len(key), "durations")
        distances = _matrix(body.get("distances"), len(key), "distances") \
            if "distances" in body else durations
        self._last = (key, durations, distances)
        return durations, distances

    def durations(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """Driving seconds (see :class:`~.travel.TravelMatrix`)."""
        return self._table(points)[0]

    def distances(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """Road metres (see :class:`~.travel.TravelMatrix`)."""
        return self._table(points)[1]


@dataclass(frozen=True)
class TableMatrix:
    """A travel table fetched once for the day's places; a place outside it (none in
    practice) is estimated by ``fallback``. Planner and validator share it, so a plan is
    always checked against the times it was made with."""

    index: dict[GeoPoint, int]
    table_durations: IntMatrix
    table_distances: IntMatrix
    fallback: TravelMatrix

    def _pick(self, points: Sequence[GeoPoint], table: IntMatrix, durations: bool) -> IntMatrix:
        if all(p in self.index for p in points):
            idx = [self.index[p] for p in points]
            found: IntMatrix = table[np.ix_(idx, idx)]
            return found
        return self.fallback.durations(points) if durations else \
            self.fallback.distances(points)

    def durations(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """Seconds from the fetched table (see :class:`~.travel.TravelMatrix`)."""
        return self._pick(points, self.table_durations, True)

    def distances(self, points: Sequence[GeoPoint]) -> IntMatrix:
        """Metres from the fetched table (see :class:`~.travel.TravelMatrix`)."""
        return self._pick(points, self.table_distances, False)


def day_matrix(points: Sequence[GeoPoint], provider: TravelMatrix | None,
               fallback: TravelMatrix) -> tuple[TravelMatrix, str | None]:
    """The day's travel matrix: the provider's table of every place, fetched once, or the
    ``fallback`` estimate with the reason when there is no provider or it fails.

    Returns
    -------
    tuple
        The matrix to plan and validate with, and None or the provider's failure.
    """
    if provider is None:
        return fallback, None
    unique = list(dict.fromkeys(points))
    if len(unique) < 2:
        return fallback, None
    try:
        durations = provider.durations(unique)
        distances = provider.distances(unique)
    except TravelProviderError as exc:
        return fallback, str(exc)
    return TableMatrix({p: i for i, p in enumerate(unique)}, durations, distances,
                       fallback), None


def provider_from(kind: str, url: str | None, timeout: float = 5.0) -> TravelMatrix | None:
    """The configured road-time provider: an :class:`OsrmMatrix` for ``"osrm"`` with a URL,
    None (the embedded estimate) otherwise."""
    if kind == "osrm" and url:
        return OsrmMatrix(url, timeout=timeout)
    return None
