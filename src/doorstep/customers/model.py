"""Customer views: personal data masked by default (PIPL minimum necessary)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from doorstep.core.i18n import N_, NP_, Label


class PersonalField(StrEnum):
    NATIONAL_ID = "national_id"
    PHONE = "phone"
    ADDRESS = "address"


PERSONAL_FIELD_LABELS: dict[PersonalField, Label] = {
    PersonalField.NATIONAL_ID: N_("National id"),
    PersonalField.PHONE: N_("Phone"),
    PersonalField.ADDRESS: NP_("personal field", "Address"),
}


ACCOUNT_STATUS_LABELS: dict[str, str] = {
    "active": N_("Active"),
    "frozen": N_("Frozen"),
    "closed": N_("Closed"),
    "written_off": N_("Written off"),
}


@dataclass(frozen=True)
class AccountView:
    id: int
    account_no: str
    business_line: str
    product: str
    balance: Decimal
    days_past_due: int
    overdue_amount: Decimal
    status: str


@dataclass(frozen=True)
class ComplaintView:
    id: int
    channel: str
    category: str
    text: str
    severity: int
    received_at: object
    strong_dissatisfaction: bool | None


@dataclass(frozen=True)
class CustomerView:
    """What a screen shows of a customer; the three personal fields are already masked."""

    id: int
    customer_no: str
    name: str
    gender: str
    birth_year: int
    national_id: str
    phone: str
    address: str
    district: str
    lat: float
    lon: float
    branch_id: int
    branch_name: str
    preferred_contact_times: str
    do_not_visit: bool
    under_regulator_complaint: bool
    accounts: tuple[AccountView, ...] = ()
    complaints: tuple[ComplaintView, ...] = ()
