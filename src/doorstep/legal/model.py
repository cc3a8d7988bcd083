"""Legal review, mediation and litigation values (DESIGN §10): plain dataclasses and enums."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from doorstep.core.errors import DoorstepError, ValidationFailed
from doorstep.core.i18n import N_, codes


class WhyFailed(StrEnum):
    """Why the field work did not settle an escalated case."""

    AGREEMENT_BROKEN = "agreement_broken"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"
    OTHER = "other"


WHY_FAILED_LABELS: dict[WhyFailed, str] = {
    WhyFailed.AGREEMENT_BROKEN: N_("Agreement broken"),
    WhyFailed.REFUSED: N_("Customer refused"),
    WhyFailed.UNREACHABLE: N_("Unreachable"),
    WhyFailed.OTHER: N_("Other reason"),
}


class MediationState(StrEnum):
    OPEN = "open"
    AGREED = "agreed"
    FAILED = "failed"


MEDIATION_STATE_LABELS: dict[MediationState, str] = {
    MediationState.OPEN: N_("In mediation"),
    MediationState.AGREED: N_("Agreement reached"),
    MediationState.FAILED: N_("Mediation failed"),
}


class FailureReason(StrEnum):
    """Why a mediation failed (the case then goes to litigation)."""

    CUSTOMER_REFUSED = "customer_refused"
    EXPIRED = "expired"
    UNREACHABLE = "unreachable"
    OTHER = "other"


FAILURE_REASON_LABELS: dict[FailureReason, str] = {
    FailureReason.CUSTOMER_REFUSED: N_("Customer refused mediation"),
    FailureReason.EXPIRED: N_("Period ended without agreement"),
    FailureReason.UNREACHABLE: N_("Unreachable"),
    FailureReason.OTHER: N_("Other reason"),
}


@dataclass(frozen=True)
class QueueItem:
    """One escalated case waiting for the legal officer's choice."""

    case_id: int
    case_no: str
    customer_name: str
    branch_name: str
    case_type: str
    business_line: str
    overdue_amount: Decimal
    amount_at_stake: Decimal
    escalated_at: datetime
    days_waiting: int
    sla_due: datetime | None
    sla_overdue: bool
    why: WhyFailed
    version: int


@dataclass(frozen=True)
class Extension:
    days: int
    reason: str
    by: str
    at: datetime
    new_due_at: datetime


@dataclass(frozen=True)
class MediationAgreement:
    """The agreement reached in mediation, imported back with its signed file."""

    terms: str
    amount: Decimal
    instalments: int
    signed_on: date
    filename: str
    sha256: str
    imported_by: str
    imported_at: datetime


@dataclass(frozen=True)
class Mediation:
    """A case's pre-litigation mediation and its 30-day (extendable) clock."""

    id: int
    case_id: int
    state: MediationState
    started_at: datetime
    due_at: datetime
    started_by: str
    mediator: str = ""
    failure_reason: FailureReason | None = None
    failure_text: str = ""
    ended_at: datetime | None = None
    extensions: tuple[Extension, ...] = ()
    agreement: MediationAgreement | None = None
    #: When the timers found it past its due date (flagged on the legal queue).
    overdue_at: datetime | None = None


@dataclass(frozen=True)
class CourtEvent:
    """A court event of the bank's legal system (imported): filing, judgment, enforcement."""

    court_case_no: str
    event: str  # filing | judgment | enforcement
    event_date: date
    court: str
    amount: Decimal | None
    account_no: str | None


#: the event's name, translated where it is shown (``_(COURT_EVENT_LABELS[e])``)
COURT_EVENT_LABELS: dict[str, str] = {
    "filing": N_("Case filed"),
    "judgment": N_("Judgment"),
    "enforcement": N_("Enforcement"),
}


class LegalRefused(DoorstepError):
    code = "legal.refused"
    http_status = 409


class EvidenceTampered(DoorstepError):
    code = "legal.evidence_tampered"
    http_status = 409


class LegalInvalid(ValidationFailed):
    code = "legal.invalid"


codes({
    "legal.refused": N_("Refused: %(detail)s"),
    "legal.invalid": N_("Invalid input: %(detail)s"),
    "legal.evidence_tampered": N_("Evidence file '%(filename)s' does not match its recorded "
                                  "SHA-256; it may have been tampered with, so the case file "
                                  "was not exported"),
})
