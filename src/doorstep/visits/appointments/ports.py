"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple, Protocol

from doorstep.visits.appointments.outbox import OutboxMessage


class TeamAppointment(NamedTuple):
    """A confirmed appointment of a team, with its case number and the customer's name."""

    id: int
    case_id: int
    team_id: int  # proposed for a team; the column's NULL is never written
    slot_start: datetime
    slot_end: datetime
    state: str
    token_hash: str | None
    token_expires_at: datetime | None
    token_used_at: datetime | None
    created_at: datetime
    version: int
    case_no: str
    name: str


class CustomerContact(NamedTuple):
    """How to reach a customer about an appointment: name, sealed phone, preferred times,
    quiet-hours consent, and their branch."""

    name: str
    phone_enc: str
    preferred_contact_times: str
    quiet_hours_consent: bool
    branch_name: str
    branch_address: str


class StoredMessage(NamedTuple):
    """An outbox message as stored (SMS or e-mail)."""

    id: int
    channel: str
    kind: str
    recipient_enc: str
    subject: str
    body: str
    case_id: int | None
    idempotency_key: str
    created_at: datetime
    not_before: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str | None
    provider_message_id: str | None
    delivery_status: str | None
    delivered_at: datetime | None
    receipt_at: datetime | None
    receipt_detail: str | None


class StoredAppointment(NamedTuple):
    """An appointment as stored."""

    id: int
    case_id: int
    team_id: int  # proposed for a team; the column's NULL is never written
    slot_start: datetime
    slot_end: datetime
    state: str
    token_hash: str | None
    token_expires_at: datetime | None
    token_used_at: datetime | None
    created_at: datetime
    version: int


class AppointmentRepository(Protocol):
    """What the use cases ask of ``uow.appointments`` (``store.repositories.appointments``)."""

    def add(self, **values: Any) -> int: ...
    def get(self, appointment_id: int) -> StoredAppointment: ...
    def by_token_hash(self, digest: str) -> StoredAppointment | None: ...
    def update(self, appointment_id: int, expected_version: int, **values: Any) -> bool: ...
    def has_confirmed(self, case_id: int) -> bool: ...
    def add_phone_contact(
        self, case_id: int, at: datetime, outcome: str, staff_id: int | None
    ) -> None: ...
    def supersede_confirmed(self, case_id: int, keep_id: int) -> None: ...
    def team_busy(
        self, team_id: int, lo: datetime, hi: datetime
    ) -> list[tuple[datetime, datetime]]: ...
    def of_team(self, team_id: int, since: datetime) -> list[TeamAppointment]: ...
    def of_case(self, case_id: int) -> list[StoredAppointment]: ...
    def customer_contact(self, customer_id: int) -> CustomerContact: ...
    def phone_of(self, customer_id: int) -> str: ...
    def enqueue(
        self,
        channel: str,
        kind: str,
        recipient: str,
        subject: str,
        body: str,
        case_id: int | None,
        key: str,
        at: datetime,
    ) -> None: ...
    def pending_messages(
        self, now: datetime, max_attempts: int, limit: int
    ) -> list[OutboxMessage]: ...
    def claim_message(self, message_id: int, attempts: int) -> bool: ...
    def message_sent(
        self, message_id: int, at: datetime, provider_message_id: str | None = ...
    ) -> None: ...
    def hold_message(self, message_id: int, attempts: int, until: datetime) -> None: ...
    def message_by_provider_id(
        self, provider_message_id: str
    ) -> StoredMessage | None: ...
    def record_receipt(
        self,
        provider_message_id: str,
        status: str,
        delivered_at: datetime,
        detail: str,
        now: datetime,
    ) -> int | None: ...
    def message_failed(self, message_id: int, error: str, retry_at: datetime) -> None: ...
    def messages(self, case_id: int | None = ...) -> list[StoredMessage]: ...
    def staff_phone(self, staff_id: int) -> str: ...
