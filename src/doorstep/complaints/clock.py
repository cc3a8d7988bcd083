"""The complaint handling clock — pure.

A complaint is handled within 15 days of receipt; the deadline may be extended once, to 30
days from receipt, with a reason (the NFRA rules on handling consumer complaints). A
complaint through the regulator's 12378 hotline puts the customer under a regulator complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, NP_, Label, codes

HANDLING_DAYS = 15
EXTENDED_DAYS = 30


class ComplaintChannel(StrEnum):
    REGULATOR = "regulator"  # 12378 银行保险消费者投诉维权热线
    HOTLINE = "hotline"  # the bank's own hotline
    BRANCH = "branch"
    ONLINE = "app"  # online / mobile banking (stored as "app" since the first schema)
    LETTER = "letter"
    SURVEY = "survey"  # a survey comment filed as a complaint


CHANNEL_LABELS: dict[ComplaintChannel, Label] = {
    ComplaintChannel.REGULATOR: N_("12378 regulator hotline"),
    ComplaintChannel.HOTLINE: N_("Bank hotline"),
    ComplaintChannel.BRANCH: NP_("complaint channel", "Branch"),
    ComplaintChannel.ONLINE: N_("Online"),
    ComplaintChannel.LETTER: N_("Letter"),
    ComplaintChannel.SURVEY: N_("Survey"),
}

codes({
    "complaint.already_extended": N_("Complaint #%(id)s was already extended once"),
    "complaint.closed": N_("Complaint #%(id)s is already closed"),
    "complaint.reason_needed": N_("Give a reason to extend the handling deadline"),
    "complaint.bad_channel": N_("The channel must be one of: %(channels)s"),
})


class ComplaintRefused(DoorstepError):
    code = "complaint.refused"
    http_status = 409


class AlreadyExtended(ComplaintRefused):
    code = "complaint.already_extended"


class AlreadyClosed(ComplaintRefused):
    code = "complaint.closed"


class ReasonNeeded(ComplaintRefused):
    code = "complaint.reason_needed"
    http_status = 422


class BadChannel(ComplaintRefused):
    code = "complaint.bad_channel"
    http_status = 422


def due(received_at: datetime, extended: bool = False) -> datetime:
    """The handling deadline of a complaint received at ``received_at``."""
    return received_at + timedelta(days=EXTENDED_DAYS if extended else HANDLING_DAYS)


@dataclass(frozen=True)
class ClockState:
    id: int
    received_at: datetime
    extended: bool
    closed: bool


def extend(state: ClockState, reason: str) -> datetime:
    """The new deadline after the one allowed extension; raises when not allowed."""
    if state.closed:
        raise AlreadyClosed(id=state.id)
    if state.extended:
        raise AlreadyExtended(id=state.id)
    if len(reason.strip()) < 2:
        raise ReasonNeeded()
    return due(state.received_at, extended=True)


def is_overdue(due_at: datetime | None, closed: bool, now: datetime) -> bool:
    return not closed and due_at is not None and now > due_at


def sets_regulator_flag(channel: str) -> bool:
    """A complaint through the regulator (12378) puts the customer under regulator complaint."""
    return channel == ComplaintChannel.REGULATOR
