"""A validated record → the columns of its table (pure), given the ids of what it refers to.
Defaults for what bank files often lack are here, in one place, and in docs/data-import.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from doorstep.complaints.clock import due
from doorstep.intake.formats import FORMATS
from doorstep.intake.model import Kind, Record

ZERO = Decimal("0.00")
UNKNOWN_BIRTH_YEAR = 0
DEFAULT_SEVERITY = 2


@dataclass
class Lookups:
    """Ids of referenced records, filled per batch by the service."""

    branches: dict[str, Any] = field(default_factory=dict)  # code → row (id, lat, lon, district)
    customers: dict[str, int] = field(default_factory=dict)
    customer_branch: dict[int, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)
    account_customer: dict[int, int] = field(default_factory=dict)  # account id → customer id


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def to_columns(kind: Kind, r: Record, ids: Lookups, now: datetime) -> Record:
    """The table row of a record (personal data still plain: the store seals it)."""
    return _BUILDERS[kind](r, ids, now)


def _branch(r: Record, ids: Lookups, now: datetime) -> Record:
    return {"code": r["code"], "name": r["name"], "district": _or(r["district"], ""),
            "address": _or(r["address"], ""), "lat": r["lat"], "lon": r["lon"]}


def _staff(r: Record, ids: Lookups, now: datetime) -> Record:
    b = ids.branches[r["branch_code"]]
    listed = (r["skills"] or "").replace(FORMATS["full_width_comma"], "|").replace(",", "|")
    skills = [s.strip() for s in listed.split("|") if s.strip()]
    return {"staff_no": r["staff_no"], "name": r["name"],
            "role": _or(r["role"], "customer_manager"), "skills": skills, "branch_id": b.id,
            "phone_enc": _or(r["phone"], ""), "home_lat": b.lat, "home_lon": b.lon,
            "shift_start": time(9), "shift_end": time(18), "weekdays": [1, 2, 3, 4, 5]}


def _customer(r: Record, ids: Lookups, now: datetime) -> Record:
    b = ids.branches[r["branch_code"]]
    return {"customer_no": r["customer_no"], "name": r["name"], "gender": _or(r["gender"], "U"),
            "birth_year": _or(r["birth_year"], UNKNOWN_BIRTH_YEAR),
            "national_id_enc": _or(r["national_id"], ""), "phone_enc": _or(r["phone"], ""),
            "address_enc": _or(r["address"], ""), "district": _or(r["district"], b.district),
            "lat": _or(r["lat"], b.lat), "lon": _or(r["lon"], b.lon), "branch_id": b.id,
            "do_not_visit": bool(r["do_not_visit"]), "created_at": now}


def _account(r: Record, ids: Lookups, now: datetime) -> Record:
    return {"account_no": r["account_no"], "customer_id": ids.customers[r["customer_no"]],
            "business_line": r["business_line"], "product": _or(r["product"], r["business_line"]),
            "opened_on": _or(r["opened_on"], now.date()), "balance": _or(r["balance"], ZERO),
            "credit_limit": r["credit_limit"], "days_past_due": _or(r["days_past_due"], 0),
            "overdue_amount": _or(r["overdue_amount"], ZERO), "status": _or(r["status"], "active")}


def _month(r: Record, ids: Lookups, now: datetime) -> Record:
    month: date = r["month"]
    return {"account_id": ids.accounts[r["account_no"]], "month": month.replace(day=1),
            "amount_due": _or(r["amount_due"], ZERO), "amount_paid": _or(r["amount_paid"], ZERO),
            "days_past_due": _or(r["days_past_due"], 0), "balance": r["balance"]}


def _complaint(r: Record, ids: Lookups, now: datetime) -> Record:
    customer_id = ids.customers[r["customer_no"]]
    account_no = r["account_no"]
    return {"complaint_no": r["complaint_no"], "customer_id": customer_id,
            "account_id": ids.accounts[account_no] if account_no else None,
            "branch_id": ids.customer_branch[customer_id], "channel": r["channel"],
            "category": _or(r["product"], ""), "business_line": r["business_line"],
            "text": _or(r["text"], ""), "severity": _or(r["severity"], DEFAULT_SEVERITY),
            "received_at": r["received_at"], "due_at": due(r["received_at"])}


def _legal_event(r: Record, ids: Lookups, now: datetime) -> Record:
    account_id = ids.accounts[r["account_no"]] if r["account_no"] else None
    customer_id = (ids.customers[r["customer_no"]] if r["customer_no"]
                   else ids.account_customer[account_id])  # type: ignore[index]
    return {"court_case_no": r["court_case_no"], "event": r["event"],
            "customer_id": customer_id, "account_id": account_id,
            "event_date": r["event_date"], "court": r["court"], "amount": r["amount"],
            "imported_at": now}


_BUILDERS = {Kind.BRANCHES: _branch, Kind.STAFF: _staff, Kind.CUSTOMERS: _customer,
             Kind.ACCOUNTS: _account, Kind.REPAYMENT_MONTHS: _month,
             Kind.COMPLAINTS: _complaint, Kind.LEGAL_EVENTS: _legal_event}
