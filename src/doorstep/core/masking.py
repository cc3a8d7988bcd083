"""Masking of personal data for screens, the API and logs (PIPL minimum necessary)."""

from __future__ import annotations


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
    """Keep the district, hide the street and number: ``广东省深圳市南山区****``."""
    if not value:
        return ""
    for marker in ("区", "县", "市"):
        pos = value.find(marker)
        if pos != -1 and pos < len(value) - 1:
            return value[: pos + 1] + "****"
    return value[: min(6, len(value))] + "****"


def mask_name(value: str | None) -> str:
    """``张三丰`` -> ``张**`` (used in logs and anonymised views)."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
