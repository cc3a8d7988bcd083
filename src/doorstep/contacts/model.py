"""Contacts with a customer or a third party, on any channel — pure values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from doorstep.core.i18n import N_


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
    """Proof that the customer received the contact (effective collection needs one)."""

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

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.VISIT: N_("Visit"), Channel.CALL: N_("Phone call"),
    Channel.SMS: N_("SMS"), Channel.LETTER: N_("Letter"),
    Channel.EMAIL: N_("E-mail"), Channel.BRANCH: N_("At the branch"),
}
PARTY_LABELS: dict[Party, str] = {
    Party.DEBTOR: N_("Debtor"), Party.GUARANTOR: N_("Guarantor"),
    Party.SPOUSE_OR_RELATIVE: N_("Spouse or relative"),
    Party.EMPLOYER: N_("Employer"), Party.OTHER: N_("Other"),
}
OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.REACHED: N_("Reached"), Outcome.NO_ANSWER: N_("No answer"),
    Outcome.WRONG_NUMBER: N_("Wrong number"), Outcome.REFUSED: N_("Refused"),
    Outcome.MESSAGE_LEFT: N_("Message left"), Outcome.DELIVERED: N_("Delivered"),
    Outcome.RETURNED: N_("Returned"),
}
PROOF_LABELS: dict[Proof, str] = {
    Proof.NONE: N_("None"), Proof.SIGNED_NOTE: N_("Signed note in person"),
    Proof.RECORDING: N_("Call recording"),
    Proof.DELIVERY_RECEIPT: N_("Delivery receipt"),
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
