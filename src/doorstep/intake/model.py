"""The kinds of record a bank can bring in, their fields and keys, and a row's problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    BRANCHES = "branches"
    STAFF = "staff"
    CUSTOMERS = "customers"
    ACCOUNTS = "accounts"
    REPAYMENT_MONTHS = "repayment_months"
    COMPLAINTS = "complaints"
    LEGAL_EVENTS = "legal_events"


class FieldType(StrEnum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    AMOUNT = "amount"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    NATIONAL_ID = "national_id"
    MOBILE = "mobile"


@dataclass(frozen=True)
class FieldDef:
    """One field of a kind: its type, whether a row must have it, what it refers to."""

    type: FieldType = FieldType.TEXT
    required: bool = False
    refers_to: Kind | None = None
    max_length: int | None = None
    personal: bool = False


T, N, A, D = FieldType.TEXT, FieldType.INT, FieldType.AMOUNT, FieldType.DATE
F = FieldDef

FIELDS: dict[Kind, dict[str, FieldDef]] = {
    Kind.BRANCHES: {
        "code": F(T, True, max_length=16), "name": F(T, True, max_length=64),
        "district": F(T, max_length=16), "address": F(T, max_length=200),
        "lat": F(FieldType.FLOAT, True), "lon": F(FieldType.FLOAT, True),
    },
    Kind.STAFF: {
        "staff_no": F(T, True, max_length=16), "name": F(T, True, max_length=32),
        "role": F(T, max_length=32), "branch_code": F(T, True, refers_to=Kind.BRANCHES),
        "phone": F(FieldType.MOBILE, personal=True), "skills": F(T),
    },
    Kind.CUSTOMERS: {
        "customer_no": F(T, True, max_length=20), "name": F(T, True, max_length=32),
        "gender": F(T, max_length=1), "birth_year": F(N),
        "national_id": F(FieldType.NATIONAL_ID, personal=True),
        "phone": F(FieldType.MOBILE, personal=True),
        "address": F(T, personal=True, max_length=200), "district": F(T, max_length=16),
        "lat": F(FieldType.FLOAT), "lon": F(FieldType.FLOAT),
        "branch_code": F(T, True, refers_to=Kind.BRANCHES),
        "do_not_visit": F(FieldType.BOOL),
    },
    Kind.ACCOUNTS: {
        "account_no": F(T, True, max_length=24),
        "customer_no": F(T, True, refers_to=Kind.CUSTOMERS),
        "business_line": F(T, True, max_length=16), "product": F(T, max_length=48),
        "opened_on": F(D), "balance": F(A), "credit_limit": F(A),
        "days_past_due": F(N), "overdue_amount": F(A), "status": F(T, max_length=16),
    },
    Kind.REPAYMENT_MONTHS: {
        "account_no": F(T, True, refers_to=Kind.ACCOUNTS), "month": F(D, True),
        "days_past_due": F(N), "amount_due": F(A), "amount_paid": F(A), "balance": F(A),
    },
    Kind.COMPLAINTS: {
        "complaint_no": F(T, True, max_length=32),
        "customer_no": F(T, True, refers_to=Kind.CUSTOMERS),
        "account_no": F(T, refers_to=Kind.ACCOUNTS),
        "received_at": F(FieldType.DATETIME, True), "channel": F(T, True, max_length=16),
        "product": F(T, max_length=32), "business_line": F(T, max_length=16),
        "text": F(T), "severity": F(N),
    },
    # the bank's legal system: 立案 (filing), 判决 (judgment), 执行 (enforcement)
    Kind.LEGAL_EVENTS: {
        "court_case_no": F(T, True, max_length=64), "event": F(T, True, max_length=16),
        "account_no": F(T, refers_to=Kind.ACCOUNTS),
        "customer_no": F(T, refers_to=Kind.CUSTOMERS),
        "event_date": F(D, True), "court": F(T, True, max_length=64), "amount": F(A),
    },
}

# fields of which a record needs at least one (a legal event names its account or customer)
ONE_OF: dict[Kind, tuple[str, ...]] = {Kind.LEGAL_EVENTS: ("account_no", "customer_no")}
LEGAL_EVENT_KINDS = ("filing", "judgment", "enforcement")

KEYS: dict[Kind, tuple[str, ...]] = {
    Kind.BRANCHES: ("code",), Kind.STAFF: ("staff_no",), Kind.CUSTOMERS: ("customer_no",),
    Kind.ACCOUNTS: ("account_no",), Kind.REPAYMENT_MONTHS: ("account_no", "month"),
    Kind.COMPLAINTS: ("complaint_no",), Kind.LEGAL_EVENTS: ("court_case_no", "event"),
}

# the order a file's targets are written in, so references resolve
ORDER = (Kind.BRANCHES, Kind.STAFF, Kind.CUSTOMERS, Kind.ACCOUNTS, Kind.REPAYMENT_MONTHS,
         Kind.COMPLAINTS, Kind.LEGAL_EVENTS)


@dataclass(frozen=True)
class RowError:
    """A problem a clerk can fix: the file's row (1 = first data row), column, code, values."""

    row: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


Record = dict[str, Any]
