"""The complaint handling clock — pure.

A complaint is handled within 15 days of receipt; the deadline may be extended once, to 30
days from receipt, with a reason (《银行保险机构消费投诉处理管理办法》). A complaint through
the regulator's 12378 hotline puts the customer under a regulator complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import register

HANDLING_DAYS = 15
EXTENDED_DAYS = 30


class ComplaintChannel(StrEnum):
    REGULATOR = "regulator"  # 12378 银行保险消费者投诉维权热线
    HOTLINE = "hotline"  # the bank's own hotline
    BRANCH = "branch"
    ONLINE = "app"  # online / mobile banking (stored as "app" since the first schema)
    LETTER = "letter"
    SURVEY = "survey"  # a survey comment filed as a complaint


CHANNEL_LABELS: dict[ComplaintChannel, tuple[str, str]] = {
    ComplaintChannel.REGULATOR: ("12378 监管热线", "12378 regulator hotline"),
    ComplaintChannel.HOTLINE: ("银行客服热线", "Bank hotline"),
    ComplaintChannel.BRANCH: ("营业网点", "Branch"),
    ComplaintChannel.ONLINE: ("网上及手机银行", "Online"),
    ComplaintChannel.LETTER: ("信函", "Letter"),
    ComplaintChannel.SURVEY: ("满意度回访", "Survey"),
}

register({
    "complaint.already_extended": ("投诉 #{id} 的处理期限已延长过一次，不得再次延长",
                                   "Complaint #{id} was already extended once"),
    "complaint.closed": ("投诉 #{id} 已办结", "Complaint #{id} is already closed"),
    "complaint.reason_needed": ("延长处理期限须填写理由",
                                "Give a reason to extend the handling deadline"),
    "complaint.bad_channel": ("投诉渠道须为：{channels}", "The channel must be one of: {channels}"),
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
