"""Masking of personal data for screens, the API and logs (PIPL minimum necessary)."""

from __future__ import annotations

import tomllib
from pathlib import Path

#: Address units (district, county, city) that end the visible part of an address: data,
#: in ``masking.toml`` beside this module.
ADDRESS_UNITS: tuple[str, ...] = tuple(tomllib.loads(
    Path(__file__).with_name("masking.toml").read_text(encoding="utf-8"))["address_units"])


def mask_national_id(value: str | None) -> str:
    """``440301199001011234`` -> ``440301********1234``."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """``13812345678`` -> ``138****5678``."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str | None) -> str:
    """Keep the district (or county, or city), hide the street and number."""
    if not value:
        return ""
    for marker in ADDRESS_UNITS:
        pos = value.find(marker)
        if pos != -1 and pos < len(value) - 1:
            return value[: pos + 1] + "****"
    return value[: min(6, len(value))] + "****"


def mask_name(value: str | None) -> str:
    """The first character, the rest starred (used in logs and anonymised views)."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
