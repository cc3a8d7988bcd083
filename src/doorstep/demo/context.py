"""What every part of the demo generator shares: the configuration, one random stream per
stage, identifiers handed out in order, and the bank's local time.

All history is generated in Beijing time (naive local datetimes) and stored as naive UTC,
like every other time in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random

BANK_NAME = "深圳市民商业银行"
DEMO_PASSWORD = "Doorstep!2026"
#: The demo's "today": all history lies before it, booked appointments on or after it.
DEFAULT_AS_OF = date(2026, 11, 30)
UTC_OFFSET = timedelta(hours=8)
MAX_CUSTOMERS = 2_000_000


@dataclass(frozen=True)
class DemoConfig:
    """Size, seed and reference date of a demo bank; the same values give the same rows."""

    customers: int
    seed: int
    as_of: date = DEFAULT_AS_OF

    def __post_init__(self) -> None:
        if not 1 <= self.customers <= MAX_CUSTOMERS:
            raise ValueError(f"customers must lie between 1 and {MAX_CUSTOMERS:,}")

    def rng(self, stage: str) -> Random:
        """An independent, reproducible stream for one stage of generation."""
        return Random(f"doorstep-demo/{self.seed}/{stage}")

    @property
    def now_local(self) -> datetime:
        """Midnight at the start of ``as_of``, Beijing time."""
        return datetime.combine(self.as_of, time(0, 0))

    @property
    def scale(self) -> float:
        """Customers relative to a reference bank of 20,000 (sizes staff and budgets)."""
        return self.customers / 20_000


def to_utc(local_dt: datetime) -> datetime:
    """A naive Beijing-time datetime as the naive UTC datetime the database stores."""
    return local_dt - UTC_OFFSET


def at_minute(day: date, minute: int) -> datetime:
    """Local datetime ``minute`` minutes after midnight of ``day``."""
    return datetime.combine(day, time(0, 0)) + timedelta(minutes=minute)


@dataclass
class IdSequence:
    """Primary keys handed out in generation order, starting after existing rows."""

    start: dict[str, int] = field(default_factory=dict)
    _next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self._next.get(table, self.start.get(table, 1))
        self._next[table] = value + 1
        return value

    def peek(self, table: str) -> int:
        return self._next.get(table, self.start.get(table, 1))
