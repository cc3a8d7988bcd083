"""Checks a clerk can act on (pure): GB 11643 national ids, mainland mobiles, dates,
non-negative amounts, lengths, required fields; duplicates in a file by their key hashes."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from doorstep.intake import parse
from doorstep.intake.model import FIELDS, KEYS, FieldDef, FieldType, Kind, Record, RowError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def national_id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def national_id_problem(value: str) -> str | None:
    """``None`` when ``value`` is a valid 18-character resident id, else the message code."""
    text = value.upper()
    if not _ID.match(text):
        return "intake.national_id_format"
    try:
        parse.parse_date(text[6:14])
    except ValueError:
        return "intake.national_id_birth"
    if national_id_check_digit(text[:17]) != text[17]:
        return "intake.national_id_check"
    return None


def mobile(value: str) -> str:
    """A mainland mobile number without ``+86``/``86``/blanks/dashes, or ``ValueError``."""
    digits = re.sub(r"[\s-]", "", value).removeprefix("+86")
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not _MOBILE.match(digits):
        raise ValueError("intake.bad_mobile")
    return digits


def _national_id(value: Any) -> str:
    text = parse.parse_text(value).upper()
    problem = national_id_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def _amount(value: Any) -> Any:
    amount = parse.parse_amount(value)
    if amount < 0:
        raise ValueError("intake.negative_amount")
    return amount


_CONVERT: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.TEXT: parse.parse_text, FieldType.INT: parse.parse_int,
    FieldType.FLOAT: parse.parse_float, FieldType.AMOUNT: _amount,
    FieldType.DATE: parse.parse_date, FieldType.DATETIME: parse.parse_datetime,
    FieldType.BOOL: parse.parse_bool, FieldType.NATIONAL_ID: _national_id,
    FieldType.MOBILE: lambda v: mobile(parse.parse_text(v)),
}


def convert(kind: Kind, raw: Record, row: int, columns: dict[str, str]) -> tuple[Record,
                                                                                 list[RowError]]:
    """Typed values of one mapped record and its problems; ``columns`` names the source
    column of each field for the messages."""
    out: Record = {}
    errors: list[RowError] = []
    for name, spec in FIELDS[kind].items():
        value = raw.get(name)
        if value is None and not spec.required:  # the common case of an unmapped field
            out[name] = None
            continue
        column = columns.get(name, name)
        if parse.is_blank(value):
            if spec.required:
                errors.append(RowError(row, column, "intake.required", {"field": name}))
            out[name] = None
            continue
        try:
            out[name] = _checked(spec, _CONVERT[spec.type](value))
        except ValueError as exc:
            errors.append(RowError(row, column, str(exc), {"field": name,
                                                            "value": _shown(spec, value)}))
            out[name] = None
    return out, errors


def _checked(spec: FieldDef, value: Any) -> Any:
    if spec.max_length and isinstance(value, str) and len(value) > spec.max_length:
        raise ValueError("intake.too_long")
    return value


def _shown(spec: FieldDef, value: Any) -> str:
    """The value in a message: personal data masked, long text cut."""
    text = str(value)
    if spec.personal:
        return text[:3] + "*" * max(len(text) - 5, 0) + text[-2:] if len(text) > 5 else "***"
    return text if len(text) <= 40 else text[:40] + "…"


def key_of(kind: Kind, record: Record) -> str:
    """The bank's key of a record as one string (``account_no|2026-11-01``)."""
    return "|".join(str(record.get(k)) for k in KEYS[kind])


def digest64(text: str) -> int:
    """A signed 64-bit digest, for the duplicate and reference checks' compact arrays."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big",
                          signed=True)


def content_digest(record: Record) -> int:
    return digest64(repr(sorted(record.items())))
