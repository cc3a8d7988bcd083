"""What an incoming row changes in a stored one (pure), and how the change is audited with
personal data masked."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from doorstep.core.masking import mask_address, mask_national_id, mask_phone
from doorstep.intake.model import Kind, Record

KEY_COLUMN = {Kind.BRANCHES: "code", Kind.STAFF: "staff_no", Kind.CUSTOMERS: "customer_no",
              Kind.ACCOUNTS: "account_no", Kind.COMPLAINTS: "complaint_no"}
# columns an import never compares or overwrites once a row exists
KEEP = {"id", "created_at", "imported_at", "national_id_index", "phone_index", "dissatisfaction",
        "strong_dissatisfaction", "closed_at", "promise_broken", "under_regulator_complaint",
        "preferred_contact_times", "quiet_hours_consent", "active"}
_MASKS = {"national_id_enc": mask_national_id, "phone_enc": mask_phone,
          "address_enc": mask_address}


def key_of_row(kind: Kind, row: Any) -> Any:
    """The bank's key of a table row: its number, (account id, month) for a month, (court
    case number, event) for a legal event."""
    if kind is Kind.REPAYMENT_MONTHS:
        month = row["month"]
        return (int(row["account_id"]), month.date() if isinstance(month, datetime) else month)
    if kind is Kind.LEGAL_EVENTS:
        return (str(row["court_case_no"]), str(row["event"]))
    return str(row[KEY_COLUMN[kind]])


def comparable(value: Any) -> Any:
    """Values as both sides hold them (Decimal vs float, time vs str, datetime precision)."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return round(value, 6)
    if hasattr(value, "quantize"):
        return round(float(value), 2)
    return value


def changed_columns(stored: dict[str, Any], new: Record) -> Record:
    """The columns whose value the new record changes (kept columns never count)."""
    return {k: v for k, v in new.items()
            if k not in KEEP and comparable(stored.get(k)) != comparable(v)}


def _shown(column: str, value: Any) -> Any:
    if column in _MASKS:
        return _MASKS[column](value)
    if isinstance(value, date | time):
        return value.isoformat()
    return value if value is None or isinstance(value, str | int | bool) else str(value)


def audit_values(kind: Kind, stored: dict[str, Any], changes: Record
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Before and after of the changed columns, personal data masked."""
    return ({k: _shown(k, stored.get(k)) for k in changes},
            {k: _shown(k, v) for k, v in changes.items()})
