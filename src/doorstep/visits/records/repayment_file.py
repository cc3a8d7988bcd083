"""Read a repayment file (CSV or Excel): columns agreement_id or account_no, paid_on, amount.

Every row is checked; a bad row is reported by number and the file is applied all-or-nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from doorstep.core.i18n import _
from doorstep.visits.records.agreements import Repayment
from doorstep.visits.wording import WORDING

#: A bank's column headings (data in ``visits/wording.toml``) → our field names.
ALIASES: dict[str, str] = dict(WORDING["repayment_columns"])


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        assert sheet is not None
        values = list(sheet.iter_rows(values_only=True))
        header = [ALIASES.get(str(h).strip(), str(h).strip()) for h in values[0]]
        for row in values[1:]:
            yield dict(zip(header, row, strict=False))
        return
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            yield {ALIASES.get(k.strip(), k.strip()): v for k, v in row.items() if k}


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _one(n: int, row: dict[str, Any]) -> Repayment:
    amount = Decimal(str(row.get("amount", "")).strip())
    agreement = str(row.get("agreement_id") or "").strip()
    account = str(row.get("account_no") or "").strip()
    if not agreement and not account:
        raise ValueError(_("agreement_id or account_no is needed"))
    return Repayment(row=n, paid_on=_date(row.get("paid_on")), amount=amount,
                     agreement_id=int(agreement) if agreement else None, account_no=account)


def read_repayments(path: Path) -> tuple[list[Repayment], list[str]]:
    """The repayments in ``path`` and the row-level errors (row numbers as in a spreadsheet)."""
    items, errors = [], []
    for n, row in enumerate(_rows(path), start=2):
        if not any(v not in (None, "") for v in row.values()):
            continue
        try:
            items.append(_one(n, row))
        except (ValueError, InvalidOperation, TypeError) as exc:
            errors.append(_("Row %(row)s: %(error)s", row=n, error=str(exc) or _("bad format")))
    return items, errors
