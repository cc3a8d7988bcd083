"""The legal review queue's pure rules: why the field work failed, how long a case waits."""

from __future__ import annotations

from datetime import datetime

from doorstep.legal.model import WhyFailed


def why_failed(agreement_broken: bool, last_outcome: str | None,
               failed_attempts: int) -> WhyFailed:
    """A broken agreement first, then a refusal, then no contact; anything else is "other"."""
    if agreement_broken:
        return WhyFailed.AGREEMENT_BROKEN
    if last_outcome == "refused":
        return WhyFailed.REFUSED
    if failed_attempts > 0 or last_outcome == "not_at_home":
        return WhyFailed.UNREACHABLE
    return WhyFailed.OTHER


def days_between(start: datetime, now: datetime) -> int:
    """Whole days from ``start`` to ``now`` (never negative)."""
    return max(0, (now - start).days)
