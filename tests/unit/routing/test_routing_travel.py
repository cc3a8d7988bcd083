"""Travel estimates: haversine distance x road factor at a city speed, behind a Protocol."""

from __future__ import annotations

import numpy as np
import pytest

from doorstep.visits.routing import GeoPoint, HaversineMatrix, TravelMatrix
from doorstep.visits.routing.travel import haversine_m


def test_haversine_matches_a_known_distance() -> None:
    """One degree of latitude is about 111.2 km on the mean Earth sphere."""
    metres = haversine_m([GeoPoint(22.0, 114.0), GeoPoint(23.0, 114.0)])
    assert metres[0, 1] == pytest.approx(111_195, abs=5)
    assert metres[0, 0] == 0.0 and metres[1, 0] == metres[0, 1]


def test_road_factor_and_speed_scale_the_estimate() -> None:
    """Road metres = straight line x road factor; seconds = road metres / city speed."""
    points = [GeoPoint(22.0, 114.0), GeoPoint(22.0 + 10 / 111.195, 114.0)]  # 10 km apart
    default = HaversineMatrix()
    assert default.distances(points)[0, 1] == pytest.approx(14_000, abs=2)
    assert default.durations(points)[0, 1] == pytest.approx(14_000 / (25 / 3.6), abs=2)
    slower = HaversineMatrix(road_factor=1.2, speed_kmh=20.0)
    assert slower.durations(points)[0, 1] == pytest.approx(12_000 / (20 / 3.6), abs=2)


def test_matrix_is_integer_with_zero_diagonal_and_plugs_into_the_protocol() -> None:
    """The matrix is whole seconds, zero on the diagonal, and satisfies TravelMatrix."""
    points = [GeoPoint(22.54, 114.05), GeoPoint(22.56, 114.08), GeoPoint(22.52, 114.02)]
    durations = HaversineMatrix().durations(points)
    assert durations.dtype == np.int64
    assert np.all(np.diag(durations) == 0) and np.all(durations == durations.T)
    assert isinstance(HaversineMatrix(), TravelMatrix)


def test_invalid_travel_settings_are_refused() -> None:
    """A road factor below 1 or a non-positive speed is refused."""
    with pytest.raises(ValueError, match="road_factor"):
        HaversineMatrix(road_factor=0.5)
    with pytest.raises(ValueError, match="speed_kmh"):
        HaversineMatrix(speed_kmh=0.0)
