"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from doorstep.contacts.model import Contact, NewContact

if TYPE_CHECKING:  # the complaint queue's record type, for the type checker only
    from doorstep.complaints.listing import ComplaintRecord


class StoredComplaint(NamedTuple):
    """A complaint as stored, with its customer's name."""

    id: int
    customer_id: int
    account_id: int | None
    branch_id: int
    channel: str
    category: str
    text: str
    dissatisfaction: float | None
    strong_dissatisfaction: bool | None
    severity: int
    received_at: datetime
    closed_at: datetime | None
    due_at: datetime | None
    extended_at: datetime | None
    extension_reason: str | None
    recorded_by: str | None
    complaint_no: str | None
    business_line: str | None
    customer_name: str


class ComplaintDue(NamedTuple):
    """An open complaint with a handling deadline, for the overdue and open queues."""

    id: int
    channel: str
    category: str
    received_at: datetime
    due_at: datetime  # the queues read only complaints with a deadline
    extended_at: datetime | None
    customer_name: str


class ContactRepository(Protocol):
    """What the use cases ask of ``uow.contacts`` (``store.repositories.contacts``)."""

    def add(self, new: NewContact, recorded_by: str) -> int: ...
    def of_case(self, case_id: int) -> list[Contact]: ...
    def overdue_months(self, case_id: int) -> list[tuple[date, int]]: ...
    def add_complaint(self, **values: Any) -> int: ...
    def complaint(self, complaint_id: int) -> StoredComplaint: ...
    def update_complaint(self, complaint_id: int, **values: Any) -> None: ...
    def set_regulator_flag(self, customer_id: int) -> None: ...
    def overdue_complaints(
        self, now: datetime, branch_id: int | None, limit: int = ...
    ) -> list[ComplaintDue]: ...
    def open_complaints(self, branch_id: int | None, limit: int = ...) -> list[ComplaintDue]: ...
    def complaint_records(self, branch_id: int | None, customer_id: int | None,
                          closed: bool | None, limit: int = 500) -> list[ComplaintRecord]: ...
