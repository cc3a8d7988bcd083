"""Validation of the routing inputs and parameters: bad input is refused with a clear message."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from doorstep.visits.routing import (
    GeoPoint,
    Pin,
    RoutingParams,
    RoutingProblem,
    TeamShift,
    VisitRequest,
    clock,
    hhmm,
)

MakeVisit = Callable[..., VisitRequest]
MakeTeam = Callable[..., TeamShift]


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [(math.nan, 114.0, "latitude"), (91.0, 114.0, "latitude"), (22.5, -181.0, "longitude"),
     (22.5, math.inf, "longitude")],
)
def test_invalid_coordinates_are_refused(lat: float, lon: float, message: str) -> None:
    """A visit with a NaN or out-of-range coordinate is refused, naming the coordinate."""
    with pytest.raises(ValueError, match=message):
        VisitRequest("V1", lat, lon, hhmm("09:00"), hhmm("10:00"), 1800)


def test_window_ending_before_it_starts_is_refused() -> None:
    """A time window whose end is before its start is refused, with both times shown."""
    with pytest.raises(ValueError, match="10:00-09:00"):
        VisitRequest("V1", 22.5, 114.0, hhmm("10:00"), hhmm("09:00"), 1800)


def test_negative_service_and_prize_are_refused() -> None:
    """A negative service duration or prize is refused."""
    with pytest.raises(ValueError, match="service duration cannot be negative"):
        VisitRequest("V1", 22.5, 114.0, hhmm("09:00"), hhmm("10:00"), -1)
    with pytest.raises(ValueError, match="prize cannot be negative"):
        VisitRequest("V1", 22.5, 114.0, hhmm("09:00"), hhmm("10:00"), 60, prize=-5)


def test_shift_must_end_after_it_starts(make_team: MakeTeam) -> None:
    """A shift whose end is not after its start is refused."""
    with pytest.raises(ValueError, match="shift must end after its start"):
        make_team("T1", start="17:30", end="17:30")


def test_lunch_must_fit_its_window_inside_the_shift(make_team: MakeTeam) -> None:
    """A lunch break longer than the part of its window inside the shift is refused."""
    with pytest.raises(ValueError, match="does not fit"):
        make_team("T1", start="13:00", end="20:00", lunch=("11:30", "13:30", 60))
    with pytest.raises(ValueError, match="lunch duration cannot be negative"):
        make_team("T1", lunch=("11:30", "13:30", -10))


def test_duplicate_ids_are_refused(make_visit: MakeVisit, make_team: MakeTeam) -> None:
    """Two visits (or two teams) with the same id are refused, naming the id."""
    with pytest.raises(ValueError, match="repeated: V1"):
        RoutingProblem((make_visit("V1"), make_visit("V1")), (make_team("T1"),))
    with pytest.raises(ValueError, match="repeated: T1"):
        RoutingProblem((make_visit("V1"),), (make_team("T1"), make_team("T1")))


def test_pins_must_name_a_team_on_duty_and_have_no_gaps(
    make_visit: MakeVisit, make_team: MakeTeam
) -> None:
    """A visit pinned to an absent team, or pinned sequences with gaps, are refused."""
    with pytest.raises(ValueError, match="not on duty"):
        RoutingProblem((make_visit("V1", pinned=Pin("T9", 0)),), (make_team("T1"),))
    with pytest.raises(ValueError, match="without gaps"):
        RoutingProblem((make_visit("V1", pinned=Pin("T1", 1)),), (make_team("T1"),))


def test_params_defaults_follow_the_compliance_policy() -> None:
    """Defaults: road factor 1.4, 25 km/h, quiet hours 22:00-08:00, visits 09:00-20:00."""
    params = RoutingParams()
    assert (params.road_factor, params.speed_kmh) == (1.4, 25.0)
    assert (clock(params.quiet_start), clock(params.quiet_end)) == ("22:00", "08:00")
    assert (clock(params.visit_start), clock(params.visit_end)) == ("09:00", "20:00")
    assert params.in_quiet_hours(hhmm("23:15")) and params.in_quiet_hours(hhmm("07:59"))
    assert not params.in_quiet_hours(hhmm("12:00"))


def test_params_load_from_toml(tmp_path: Path) -> None:
    """Parameters load from a TOML [routing] table with times written as HH:MM."""
    path = tmp_path / "routing.toml"
    path.write_text(
        '[routing]\nroad_factor = 1.3\nspeed_kmh = 20.0\nseconds = 3.0\nseed = 7\n'
        'quiet_hours = ["21:30", "08:30"]\nvisit_window = ["09:30", "19:00"]\n',
        encoding="utf-8",
    )
    params = RoutingParams.from_toml(path)
    assert (params.road_factor, params.speed_kmh, params.seconds, params.seed) == (
        1.3, 20.0, 3.0, 7)
    assert (params.quiet_start, params.visit_end) == (hhmm("21:30"), hhmm("19:00"))


def test_params_refuse_unknown_keys_and_visits_in_quiet_hours(tmp_path: Path) -> None:
    """An unknown key, or a visit window reaching into quiet hours, is refused."""
    path = tmp_path / "routing.toml"
    path.write_text("speed = 30\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown routing parameters: speed"):
        RoutingParams.from_toml(path)
    with pytest.raises(ValueError, match="overlaps the quiet hours"):
        RoutingParams(visit_start=hhmm("07:00"))
    with pytest.raises(ValueError, match="road_factor"):
        RoutingParams(road_factor=0.9)


def test_clock_and_hhmm_round_trip() -> None:
    """HH:MM text and seconds since midnight convert both ways; bad text is refused."""
    assert hhmm("09:30") == 34_200 and clock(34_200) == "09:30"
    assert clock(hhmm("13:05:09")) == "13:05:09"
    with pytest.raises(ValueError, match="HH:MM"):
        hhmm("9h30")
    with pytest.raises(ValueError):
        GeoPoint(22.5, 200.0)
