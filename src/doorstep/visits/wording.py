"""The Chinese the bank writes to customers and into its records (SMS, e-mail, notes, the
headings of a repayment file): data read from ``wording.toml``, not UI messages."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

WORDING: dict[str, Any] = tomllib.loads(
    Path(__file__).with_name("wording.toml").read_text(encoding="utf-8"))


def text(section: str, key: str, **fields: Any) -> str:
    """The wording ``section.key`` with its ``{fields}`` filled in."""
    template = str(WORDING[section][key])
    return template.format(**fields) if fields else template
