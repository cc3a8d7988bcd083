"""The complaint queue as its handlers read it — pure: days left, overdue first.

Open complaints past their deadline come first (most overdue first), then the other open
ones by deadline, then closed ones, newest closed first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from doorstep.complaints.clock import ComplaintChannel

SECONDS_A_DAY = 86_400


class Show(StrEnum):
    """Which complaints the queue lists."""

    OPEN = "open"
    OVERDUE = "overdue"
    CLOSED = "closed"
    ALL = "all"


@dataclass(frozen=True)
class ComplaintRecord:
    """One stored complaint with its customer's name and regulator flag and its branch."""

    id: int
    customer_id: int
    customer_name: str
    branch_id: int
    branch_name: str
    channel: str
    category: str
    text: str
    severity: int
    received_at: datetime
    due_at: datetime | None
    extended_at: datetime | None
    extension_reason: str | None
    closed_at: datetime | None
    regulator_flag: bool

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def from_regulator(self) -> bool:
        """Received through 12378, or from a customer under a regulator complaint."""
        return self.channel == ComplaintChannel.REGULATOR or self.regulator_flag


@dataclass(frozen=True)
class QueueLine:
    """A complaint as the queue shows it: days left (negative when overdue)."""

    complaint: ComplaintRecord
    days_left: int | None
    overdue: bool
    can_extend: bool


def days_left(due_at: datetime, now: datetime) -> int:
    """Whole days until the deadline; negative once it has passed (-1 on the first day)."""
    return int((due_at - now).total_seconds() // SECONDS_A_DAY)


def line(c: ComplaintRecord, now: datetime) -> QueueLine:
    if c.closed or c.due_at is None:
        return QueueLine(c, None, False, False)
    left = days_left(c.due_at, now)
    return QueueLine(c, left, now > c.due_at, c.extended_at is None)


def _order(q: QueueLine) -> tuple[int, float]:
    c = q.complaint
    if c.closed_at is not None:
        return (2, -c.closed_at.timestamp())
    return (0 if q.overdue else 1, c.due_at.timestamp() if c.due_at else float("inf"))


def queue(records: Iterable[ComplaintRecord], now: datetime, show: Show) -> list[QueueLine]:
    """The complaints ``show`` asks for, overdue first, then by deadline, closed last."""
    lines = [line(c, now) for c in records]
    return sorted((q for q in lines if _shown(q, show)), key=_order)


def _shown(q: QueueLine, show: Show) -> bool:
    if show == Show.OVERDUE:
        return q.overdue
    if show == Show.ALL:
        return True
    return q.complaint.closed == (show == Show.CLOSED)
