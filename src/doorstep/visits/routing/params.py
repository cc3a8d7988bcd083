"""Tunable parameters of the route planner, validated and loadable from TOML."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .timeofday import DAY, clock, hhmm


def _in_quiet_hours(moment: int, quiet_start: int, quiet_end: int) -> bool:
    if quiet_start <= quiet_end:
        return quiet_start <= moment < quiet_end
    return moment >= quiet_start or moment < quiet_end


def _overlaps_quiet(start: int, end: int, quiet_start: int, quiet_end: int) -> bool:
    """Whether ``[start, end)`` shares any moment with the quiet hours."""
    if quiet_start <= quiet_end:
        return start < quiet_end and end > quiet_start
    return start < quiet_end or end > quiet_start


@dataclass(frozen=True)
class RoutingParams:
    """How travel is estimated, how long the solver runs, and the §5 visiting hours.

    Parameters
    ----------
    road_factor
        Road distance as a multiple of the straight-line (haversine) distance.
    speed_kmh
        Average city driving speed in km/h.
    seconds
        Wall-clock limit of one solve, in seconds.
    seed
        Seed of the solver's random number stream.
    max_iterations
        Optional cap on solver iterations (stops at whichever limit comes first).
    quiet_start, quiet_end
        Quiet hours (seconds since midnight; may wrap midnight): no visit takes place then.
    visit_start, visit_end
        The bank's visit window: every visit starts and ends inside it.
    prize_weight
        Seconds of travel one point of a visit's prize is worth.
    """

    road_factor: float = 1.4
    speed_kmh: float = 25.0
    seconds: float = 10.0
    seed: int = 0
    max_iterations: int | None = None
    quiet_start: int = 22 * 3600
    quiet_end: int = 8 * 3600
    visit_start: int = 9 * 3600
    visit_end: int = 20 * 3600
    prize_weight: int = 60

    def __post_init__(self) -> None:
        if not (math.isfinite(self.road_factor) and self.road_factor >= 1.0):
            raise ValueError(f"road_factor must be at least 1, got {self.road_factor}")
        if not (math.isfinite(self.speed_kmh) and self.speed_kmh > 0):
            raise ValueError(f"speed_kmh must be positive, got {self.speed_kmh}")
        if not (math.isfinite(self.seconds) and self.seconds > 0):
            raise ValueError(f"seconds must be positive, got {self.seconds}")
        if self.max_iterations is not None and self.max_iterations < 1:
            raise ValueError(f"max_iterations must be positive, got {self.max_iterations}")
        if self.prize_weight < 0:
            raise ValueError(f"prize_weight cannot be negative, got {self.prize_weight}")
        for name in ("quiet_start", "quiet_end", "visit_start", "visit_end"):
            if not 0 <= getattr(self, name) <= DAY:
                raise ValueError(f"{name} must be a time of day, got {getattr(self, name)}")
        if self.quiet_start == self.quiet_end:
            raise ValueError("quiet hours must start and end at different times")
        self._check_visit_window()

    def _check_visit_window(self) -> None:
        if self.visit_end <= self.visit_start:
            raise ValueError(
                f"the visit window must end after it starts, got "
                f"{clock(self.visit_start)}-{clock(self.visit_end)}"
            )
        if _overlaps_quiet(self.visit_start, self.visit_end, self.quiet_start, self.quiet_end):
            raise ValueError(
                f"the visit window {clock(self.visit_start)}-{clock(self.visit_end)} overlaps "
                f"the quiet hours {clock(self.quiet_start)}-{clock(self.quiet_end)}"
            )

    def in_quiet_hours(self, moment: int) -> bool:
        """Whether a time of day (seconds since midnight) falls in the quiet hours."""
        return _in_quiet_hours(moment % DAY, self.quiet_start, self.quiet_end)

    def overlaps_quiet_hours(self, start: int, end: int) -> bool:
        """Whether the interval ``[start, end)`` (seconds since midnight) meets quiet hours."""
        return _overlaps_quiet(start, end, self.quiet_start, self.quiet_end)

    @classmethod
    def from_toml(cls, path: str | Path) -> RoutingParams:
        """Load parameters from a TOML file; absent keys keep their defaults.

        Parameters
        ----------
        path
            A TOML file, optionally with a ``[routing]`` table. Times are ``"HH:MM"`` text:
            ``quiet_hours = ["22:00", "08:00"]``, ``visit_window = ["09:00", "20:00"]``.

        Returns
        -------
        RoutingParams
            The validated parameters.

        Raises
        ------
        ValueError
            On unknown keys or invalid values.
        """
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        return cls.from_mapping(data.get("routing", data))

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> RoutingParams:
        """Build parameters from a mapping shaped like the TOML file (see :meth:`from_toml`)."""
        values = dict(data)
        for key, (first, second) in (
            ("quiet_hours", ("quiet_start", "quiet_end")),
            ("visit_window", ("visit_start", "visit_end")),
        ):
            if key in values:
                pair = values.pop(key)
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise ValueError(f"{key} must be a pair of times, e.g. ['09:00', '20:00']")
                values[first], values[second] = hhmm(str(pair[0])), hhmm(str(pair[1]))
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown routing parameters: {', '.join(unknown)}")
        return cls(**values)
