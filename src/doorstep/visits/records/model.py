"""Visit records, outcomes and agreements: plain values, free of I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from doorstep.core.errors import Conflict, ValidationFailed
from doorstep.core.i18n import N_, codes

codes({
    "visit.refused": N_("Visit refused: %(detail)s"),
    "visit.evidence_rejected": N_("Upload refused: %(detail)s"),
    "visit.duplicate": N_("This record was already submitted"),
})


class Outcome(StrEnum):
    RESOLVED_EXPLAINED = "resolved_explained"
    RESOLVED_FIXED = "resolved_fixed"
    REPAYMENT_PLAN = "repayment_plan"
    PROMISE_TO_PAY = "promise_to_pay"
    FOLLOW_UP = "follow_up"
    REFUSED = "refused"
    NOT_AT_HOME = "not_at_home"
    ESCALATE = "escalate"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.RESOLVED_EXPLAINED: N_("Resolved by explanation"),
    Outcome.RESOLVED_FIXED: N_("Resolved by a fix"),
    Outcome.REPAYMENT_PLAN: N_("Repayment plan"),
    Outcome.PROMISE_TO_PAY: N_("Promise to pay"),
    Outcome.FOLLOW_UP: N_("Follow-up visit needed"),
    Outcome.REFUSED: N_("Customer refused to talk"),
    Outcome.NOT_AT_HOME: N_("Not at home"),
    Outcome.ESCALATE: N_("Escalate"),
}
AGREEMENT_OUTCOMES = frozenset({Outcome.REPAYMENT_PLAN, Outcome.PROMISE_TO_PAY})


class AgreementState(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    ACTIVE = "active"
    KEPT = "kept"
    BROKEN = "broken"
    WAIVER_REFUSED = "waiver_refused"  # the approver refused the fee waiver; never active


class DuplicateSubmission(Conflict):
    """Another submission with the same idempotency key won the race."""

    code = "visit.duplicate"


class VisitRefused(ValidationFailed):
    code = "visit.refused"


@dataclass(frozen=True)
class Instalment:
    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class AgreementTerms:
    kind: str
    instalments: tuple[Instalment, ...]
    fee_waiver_amount: Decimal = Decimal("0")


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class ComplianceOverride:
    """The field officer's reason for letting a breach through; decided by an approver."""

    reason: str


@dataclass(frozen=True)
class VisitSubmission:
    """Everything a phone sends for one visit, in one request, exactly once."""

    idempotency_key: str
    case_id: int
    appointment_id: int | None
    check_in_at: datetime
    check_out_at: datetime
    check_in_lat: float | None
    check_in_lon: float | None
    staff_present: tuple[int, ...]
    outcome: Outcome
    findings: str = ""
    customer_account: str = ""
    customer_suggestions: str = ""
    inside_home: bool = False
    consent_to_enter: bool | None = None
    third_parties: str = ""
    signed_note: str = ""
    signature_png: bytes | None = None
    uploads: tuple[Upload, ...] = ()
    agreement: AgreementTerms | None = None
    override: ComplianceOverride | None = None
    sent_at: datetime | None = None  # the phone's clock when it sent the record


@dataclass(frozen=True)
class SubmitResult:
    visit_id: int
    case_id: int
    case_state: str
    outcome: str
    replayed: bool = False
    check_in_distance_m: float | None = None
    check_in_flagged: bool = False
    agreement_id: int | None = None
    survey_queued: bool = False
    transitions: tuple[str, ...] = field(default=())
    clock_skew_s: int = 0  # server minus phone clock, when corrected (0: phone trusted)
    approval_id: int | None = None  # set when the case commands wait for an override approval
