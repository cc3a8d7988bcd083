"""Values as bank exports write them → Python values (pure). Each parser raises
``ValueError(code)`` with an ``intake.*`` message code when it cannot read the value."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from doorstep.intake.formats import FORMATS

_FULL_WIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    *(re.compile(p) for p in FORMATS["date_patterns"]),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
                   *(re.compile(p) for p in FORMATS["month_patterns"]),
                   re.compile(r"^(\d{4})(\d{2})$"))
_COMMA = str(FORMATS["full_width_comma"])
_AMOUNT_SUFFIXES = tuple((str(s), int(f)) for s, f in FORMATS["amount_suffixes"])
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_TRUE = {"1", "true", "yes", "y", "t", *FORMATS["true_words"]}
_FALSE = {"0", "false", "no", "n", "f", "", *FORMATS["false_words"]}
# fast paths for the forms most cells take (checked before the general parsers)
_PLAIN_AMOUNT = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,2})?")
_PLAIN_INT = re.compile(r"-?[0-9]{1,18}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_SEPARATED_AMOUNT = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?")
_CENT = Decimal("0.01")


def normalise(value: Any) -> Any:
    """Full-width digits and letters to ASCII, surrounding blanks removed; others unchanged."""
    if isinstance(value, str):
        return value.strip() if value.isascii() else value.translate(_FULL_WIDTH).strip()
    return value


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from Parquet or Excel
        return True
    return isinstance(value, str) and not value.strip()


def excel_serial(serial: float) -> date:
    """An Excel day number (1900 system, the 1900-02-29 bug included) as a date."""
    if not 1 <= serial < 2958466:
        raise ValueError("intake.bad_date")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value: Any) -> date:
    """``2026-11-28``, ``20261128``, ``2026/11/28``, the Chinese year-month-day form,
    ``2026-11`` (the month's first day), an Excel serial, or a date/datetime cell."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("intake.bad_date") from None
    if isinstance(value, str) and (m := _ISO_MONTH.fullmatch(value)):
        return _ymd(m.group(1), m.group(2), "1")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial_or_compact(str(int(value)) if float(value).is_integer() else "",
                                  float(value))
    text = str(normalise(value)).split(" ")[0].split("T")[0]
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            return _ymd(*m.groups())
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(text)
        if m:
            return _ymd(m.group(1), m.group(2), "1")
    if re.fullmatch(r"\d{1,5}(\.\d+)?", text):
        return excel_serial(float(text))
    raise ValueError("intake.bad_date")


def _serial_or_compact(digits: str, number: float) -> date:
    if len(digits) == 8:
        return _ymd(digits[:4], digits[4:6], digits[6:])
    return excel_serial(number)


def _ymd(y: str, m: str, d: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise ValueError("intake.bad_date") from None


def parse_datetime(value: Any) -> datetime:
    """A date as :func:`parse_date`, with an optional ``HH:MM[:SS]`` after a blank."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    day = parse_date(value)
    text = str(normalise(value)) if isinstance(value, str) else ""
    parts = text.replace("T", " ").split(" ")
    if len(parts) > 1 and (m := _TIME.match(parts[1])):
        h, mi, s = (int(g or 0) for g in m.groups())
        return datetime(day.year, day.month, day.day, h, mi, s)
    return datetime(day.year, day.month, day.day)


def parse_amount(value: Any) -> Decimal:
    """``¥1,234.50``, ``1,234.5`` with the yuan sign, full-width digits, ten-thousands (×10,000)
    with their Chinese unit, a number cell."""
    if isinstance(value, str):
        if _PLAIN_AMOUNT.fullmatch(value):
            return Decimal(value).quantize(_CENT)
        if _SEPARATED_AMOUNT.fullmatch(value):
            return Decimal(value.replace(",", "")).quantize(_CENT)
    if isinstance(value, bool):
        raise ValueError("intake.bad_amount")
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = str(normalise(value)).replace(",", "").replace(_COMMA, "").replace(" ", "")
    text = text.lstrip("¥￥").removeprefix("RMB").removeprefix("CNY")
    factor = Decimal(1)
    for suffix, f in _AMOUNT_SUFFIXES:
        if text.endswith(suffix):
            text, factor = text[: -len(suffix)], Decimal(f)
            break
    try:
        amount = Decimal(text) * factor
    except InvalidOperation:
        raise ValueError("intake.bad_amount") from None
    if not amount.is_finite():
        raise ValueError("intake.bad_amount")
    return amount.quantize(Decimal("0.01"))


def parse_int(value: Any) -> int:
    if isinstance(value, str) and _PLAIN_INT.fullmatch(value):
        return int(value)
    if isinstance(value, bool):
        raise ValueError("intake.bad_number")
    try:
        number = Decimal(str(normalise(value)).replace(",", ""))
    except InvalidOperation:
        raise ValueError("intake.bad_number") from None
    if number != number.to_integral_value():
        raise ValueError("intake.bad_number")
    return int(number)


def parse_float(value: Any) -> float:
    try:
        return float(str(normalise(value)).replace(",", ""))
    except ValueError:
        raise ValueError("intake.bad_number") from None


def parse_bool(value: Any) -> bool:
    text = str(normalise(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("intake.bad_bool")


def parse_text(value: Any) -> str:
    """Text as written; an exported escape (``'=``) loses its quote again."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(normalise(value))
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text
