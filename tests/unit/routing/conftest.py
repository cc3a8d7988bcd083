"""Factories for small hand-made routing problems around a Shenzhen branch."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from doorstep.visits.routing import GeoPoint, Pin, RoutingParams, TeamShift, VisitRequest, hhmm

BRANCH = GeoPoint(22.5405, 114.0545)


def offset(north_km: float = 0.0, east_km: float = 0.0) -> GeoPoint:
    """A point ``north_km`` north and ``east_km`` east of the branch."""
    lat = BRANCH.lat + north_km / 111.2
    lon = BRANCH.lon + east_km / (111.32 * math.cos(math.radians(BRANCH.lat)))
    return GeoPoint(round(lat, 6), round(lon, 6))


@pytest.fixture
def make_visit() -> Callable[..., VisitRequest]:
    """Build a visit near the branch; times as ``"HH:MM"``, service in minutes."""

    def make(
        visit_id: str, *, north_km: float = 1.0, east_km: float = 0.0, start: str = "09:00",
        end: str = "19:00", service_min: int = 30, skills: tuple[str, ...] = (),
        prize: int = 0, optional: bool = False, pinned: Pin | None = None,
    ) -> VisitRequest:
        point = offset(north_km, east_km)
        return VisitRequest(
            visit_id, point.lat, point.lon, hhmm(start), hhmm(end), service_min * 60,
            frozenset(skills), prize, optional, pinned,
        )

    return make


@pytest.fixture
def make_team() -> Callable[..., TeamShift]:
    """Build a team of two based at the branch, on an 08:30-17:30 shift by default."""

    def make(
        team_id: str, *, skills: tuple[str, ...] = ("loans", "cards"), start: str = "08:30",
        end: str = "17:30", max_visits: int = 12, lunch: tuple[str, str, int] = (
            "11:30", "13:30", 60), home: GeoPoint = BRANCH, **extra: Any,
    ) -> TeamShift:
        return TeamShift(
            team_id, home, home, hhmm(start), hhmm(end), frozenset(skills), max_visits,
            hhmm(lunch[0]), hhmm(lunch[1]), lunch[2] * 60, **extra,
        )

    return make


@pytest.fixture
def params() -> RoutingParams:
    """Fast, deterministic solver settings for tiny problems."""
    return RoutingParams(seconds=5.0, seed=1, max_iterations=300)
