"""Contacts with a customer or a third party, on any channel — pure values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Channel(StrEnum):
    VISIT = "visit"
    CALL = "phone"  # stored as "phone" since the first schema
    SMS = "sms"
    LETTER = "letter"
    EMAIL = "email"
    BRANCH = "branch"


class Party(StrEnum):
    DEBTOR = "debtor"
    GUARANTOR = "guarantor"
    SPOUSE_OR_RELATIVE = "spouse_or_relative"
    EMPLOYER = "employer"
    OTHER = "other"


class Outcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    REFUSED = "refused"
    MESSAGE_LEFT = "message_left"
    DELIVERED = "delivered"
    RETURNED = "returned"


class Proof(StrEnum):
    """Proof that the customer received the contact (有效催收 needs one)."""

    NONE = "none"
    SIGNED_NOTE = "signed_note"  # met in person, note signed
    RECORDING = "recording"  # recorded call
    DELIVERY_RECEIPT = "delivery_receipt"  # SMS/letter/e-mail receipt


#: Outcomes that did not reach the person (visit outcomes included: "not_at_home").
FAILED_OUTCOMES = frozenset({"no_answer", "wrong_number", "returned", "not_at_home",
                             "message_left"})
#: Channels where quiet hours apply (a letter is not delivered by us at night; a branch
#: contact is the customer coming in).
TIMED_CHANNELS = frozenset({Channel.VISIT, Channel.CALL, Channel.SMS, Channel.EMAIL})
#: People the bank may contact without the third-party rule (DESIGN §5: the customer and
#: the guarantor).
FIRST_PARTIES = frozenset({Party.DEBTOR, Party.GUARANTOR})

CHANNEL_LABELS: dict[Channel, tuple[str, str]] = {
    Channel.VISIT: ("上门", "Visit"), Channel.CALL: ("电话", "Phone call"),
    Channel.SMS: ("短信", "SMS"), Channel.LETTER: ("信函", "Letter"),
    Channel.EMAIL: ("电子邮件", "E-mail"), Channel.BRANCH: ("网点面谈", "At the branch"),
}
PARTY_LABELS: dict[Party, tuple[str, str]] = {
    Party.DEBTOR: ("客户本人", "Debtor"), Party.GUARANTOR: ("担保人", "Guarantor"),
    Party.SPOUSE_OR_RELATIVE: ("配偶或亲属", "Spouse or relative"),
    Party.EMPLOYER: ("工作单位", "Employer"), Party.OTHER: ("其他联系人", "Other"),
}
OUTCOME_LABELS: dict[Outcome, tuple[str, str]] = {
    Outcome.REACHED: ("已联系上", "Reached"), Outcome.NO_ANSWER: ("无人接听", "No answer"),
    Outcome.WRONG_NUMBER: ("号码错误", "Wrong number"), Outcome.REFUSED: ("拒绝沟通", "Refused"),
    Outcome.MESSAGE_LEFT: ("已留言", "Message left"), Outcome.DELIVERED: ("已送达", "Delivered"),
    Outcome.RETURNED: ("被退回", "Returned"),
}
PROOF_LABELS: dict[Proof, tuple[str, str]] = {
    Proof.NONE: ("无", "None"), Proof.SIGNED_NOTE: ("当面签字确认", "Signed note in person"),
    Proof.RECORDING: ("通话录音", "Call recording"),
    Proof.DELIVERY_RECEIPT: ("送达回执", "Delivery receipt"),
}


@dataclass(frozen=True)
class Contact:
    """One stored contact."""

    id: int
    case_id: int
    channel: str
    party: str
    relation: str
    outcome: str
    at: datetime
    proof: str
    staff_id: int | None = None
    recorded_by: str = ""
    note: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome in FAILED_OUTCOMES

    @property
    def with_debtor(self) -> bool:
        return self.party == Party.DEBTOR


@dataclass(frozen=True)
class NewContact:
    """A contact to record. ``message`` is what was said or sent (checked for third parties);
    ``consent`` records that the customer agreed to be contacted in quiet hours."""

    case_id: int
    channel: Channel
    party: Party
    outcome: str  # an :class:`Outcome`, or a visit outcome for visits
    at: datetime
    relation: str = ""
    proof: Proof = Proof.NONE
    message: str = ""
    consent: bool = False
    note: str = ""
    staff_id: int | None = None
