"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from doorstep.visits.appointments.ports import StoredAppointment


@dataclass(frozen=True)
class StoredVisit:
    """A visit already recorded under an idempotency key, with its case's state now."""

    id: int
    case_id: int
    outcome: str
    check_in_distance_m: float | None
    check_in_flagged: bool
    case_state: str


@dataclass(frozen=True)
class CustomerPoint:
    """Where the customer lives and their (encrypted) phone number."""

    lat: float
    lon: float
    phone_enc: str


class TeamMember(NamedTuple):
    """A member of a visiting team: id, name, staff number and branch name."""

    id: int
    name: str
    staff_no: str
    branch_name: str


class AgendaItem(NamedTuple):
    """An appointment on a field officer's agenda, with its case and customer."""

    id: int
    case_id: int
    team_id: int  # proposed for a team; the column's NULL is never written
    slot_start: datetime
    slot_end: datetime
    state: str
    case_no: str
    case_state: str
    case_type: str
    customer_name: str
    district: str
    lat: float
    lon: float
    visited: bool


class PlannedStop(NamedTuple):
    """A stop of the day's route plan on a field officer's agenda, in route order."""

    id: int | None
    case_id: int
    team_id: int
    seq: int
    arrival: datetime
    departure: datetime
    travel_minutes: int
    case_no: str
    case_state: str
    case_type: str
    customer_name: str
    district: str
    lat: float
    lon: float
    visited: bool


class VisitSummary(NamedTuple):
    """One of a case's latest visits."""

    id: int
    check_in_at: datetime | None
    outcome: str | None
    findings: str
    check_in_flagged: bool


class OpenComplaint(NamedTuple):
    """An open complaint of the customer a field officer is visiting."""

    id: int
    category: str
    text: str
    severity: int
    received_at: datetime


class EvidenceFile(NamedTuple):
    """An evidence file of a visit, as stored."""

    id: int
    visit_id: int | None
    case_id: int
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str
    uploaded_at: datetime
    uploaded_by: str


class VisitRepository(Protocol):
    """What the use cases ask of ``uow.visits`` (``store.repositories.visits``)."""

    def by_key(self, key: str) -> StoredVisit | None: ...
    def add(self, **values: Any) -> int: ...
    def set_approval(self, visit_id: int, approval_id: int) -> None: ...
    def add_evidence(self, **values: Any) -> int: ...
    def contact_times(self, case_id: int) -> list[datetime]: ...
    def team(self, team_id: int) -> list[TeamMember]: ...
    def appointment(self, appointment_id: int) -> StoredAppointment: ...
    def customer_point(self, customer_id: int) -> CustomerPoint: ...
    def agenda(self, staff_id: int, start: datetime, end: datetime) -> list[AgendaItem]: ...
    def route_agenda(
        self, staff_id: int, day: date, start: datetime, end: datetime
    ) -> list[PlannedStop]: ...
    def history(self, case_id: int) -> list[VisitSummary]: ...
    def open_complaints(self, customer_id: int) -> list[OpenComplaint]: ...
    def reason_codes(self, customer_id: int) -> list[str]: ...
    def evidence_of(self, visit_id: int) -> list[EvidenceFile]: ...
    def count_by_key_prefix(self, prefix: str) -> int: ...
    def last_recorded_at(self, case_id: int) -> datetime | None: ...


class StoredAgreement(NamedTuple):
    """An agreement as stored, with its case's branch, state, version and customer."""

    id: int
    case_id: int
    visit_id: int | None
    kind: str
    total_amount: Decimal
    fee_waiver_amount: Decimal
    fee_waiver_approved_by: str | None
    state: str
    created_at: datetime
    branch_id: int
    case_state: str
    case_version: int
    customer_id: int


class PendingWaiver(NamedTuple):
    """An agreement awaiting fee-waiver approval, with who recorded the visit."""

    id: int
    total_amount: Decimal
    fee_waiver_amount: Decimal
    created_at: datetime
    case_no: str
    case_id: int
    customer_name: str
    requested_by: str | None


class Instalment(NamedTuple):
    """One instalment of an agreement's repayment plan, as stored."""

    id: int
    agreement_id: int
    due_on: date
    amount: Decimal
    paid_amount: Decimal
    paid_on: date | None
    state: str


class StoredSurvey(NamedTuple):
    """A satisfaction survey as stored."""

    id: int
    case_id: int
    visit_id: int | None
    token_hash: str | None
    sent_at: datetime
    answered_at: datetime | None
    csat: int | None
    nps: int | None
    comment: str | None
    dissatisfaction: float | None


class AgreementRepository(Protocol):
    """What the use cases ask of ``uow.agreements`` (``store.repositories.agreements``)."""

    def add(
        self,
        case_id: int,
        visit_id: int,
        kind: str,
        total: Decimal,
        waiver: Decimal,
        state: str,
        at: datetime,
        plan: list[tuple[date, Decimal]],
    ) -> int: ...
    def get(self, agreement_id: int) -> StoredAgreement: ...
    def set_state(self, agreement_id: int, state: str, approved_by: str | None = ...) -> None: ...
    def kept_for_case(self, case_id: int) -> bool: ...
    def open_ids(self) -> list[int]: ...
    def pending_waivers(self, branch_id: int | None) -> list[PendingWaiver]: ...
    def for_account(self, account_no: str) -> int | None: ...
    def instalments(self, agreement_id: int) -> list[Instalment]: ...
    def pay(self, instalment_id: int, paid: Decimal, paid_on: date, state: str) -> None: ...
    def mark(self, instalment_id: int, state: str) -> None: ...
    def add_survey(self, case_id: int, visit_id: int, token_hash: str, at: datetime) -> int: ...
    def survey(self, token_hash: str) -> StoredSurvey | None: ...
    def answer_survey(
        self, survey_id: int, csat: int, nps: int, comment: str, at: datetime
    ) -> bool: ...
    def queue(
        self,
        *,
        kind: str,
        recipient_enc: str,
        subject: str,
        body: str,
        case_id: int,
        key: str,
        at: datetime,
        channel: str = ...,
    ) -> bool: ...
