"""Structured logs (structlog, JSON lines) that never carry personal data.

Log calls pass ids and codes, never names, phones or national ids; as a second line of
defence a processor masks anything that looks like a Chinese mobile number or national id.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_NATIONAL_ID = re.compile(r"(?<![\dX])(\d{6})\d{8}(\d{3}[\dXx])(?![\dX])")
_SECRET_KEYS = {"password", "token", "secret", "national_id", "phone", "address", "csrf"}


def scrub(value: Any) -> Any:
    if isinstance(value, str):
        value = _NATIONAL_ID.sub(r"\1********\2", value)
        return _PHONE.sub(r"\1****\2", value)
    return value


def _scrub_processor(_: Any, __: str, event: MutableMapping[str, Any]) -> Mapping[str, Any]:
    for key in list(event):
        if any(s in key.lower() for s in _SECRET_KEYS):
            event[key] = "[redacted]"
        else:
            event[key] = scrub(event[key])
    return event


class _Stderr:
    """Whatever ``sys.stderr`` is when a line is written (a test runner or a CLI harness may
    swap and close the stream that was current when logging was configured)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


_configured = False


def configure_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    logging.basicConfig(stream=sys.stderr, level=level, format="%(message)s")
    structlog.configure(
        processors=[structlog.processors.add_log_level,
                    structlog.processors.TimeStamper(fmt="iso", utc=True),
                    _scrub_processor, structlog.processors.JSONRenderer(ensure_ascii=False)],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=_Stderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=True,
    )
    _configured = True
