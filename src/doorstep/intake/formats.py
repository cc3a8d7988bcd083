"""The Chinese a bank's file may be written in (dates, yes/no, amount units): data read from
``formats.toml``, not UI messages."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

FORMATS: dict[str, Any] = tomllib.loads(
    Path(__file__).with_name("formats.toml").read_text(encoding="utf-8"))
