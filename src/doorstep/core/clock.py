"""Time as a dependency: the system clock in production, a fixed clock in tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol

#: Local time of the bank (Shenzhen): all quiet hours and visit windows are read in it.
BANK_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    at: datetime = field(default_factory=lambda: datetime(2026, 11, 2, 2, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at = self.at + delta


def local(dt: datetime) -> datetime:
    """The same instant in the bank's local time."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(BANK_TZ)


def utc(dt: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are taken to be UTC already."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def naive_utc(dt: datetime) -> datetime:
    """The same instant as the database stores it: UTC without a time zone."""
    return utc(dt).replace(tzinfo=None)
