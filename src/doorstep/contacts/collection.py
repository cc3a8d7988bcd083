"""有效催收 (effective collection) computed from the contact log — pure.

At least ``effective_collection_contacts`` contacts with the customer after the debt fell
overdue, each at least ``effective_collection_gap_days`` after the previous one, each with
proof that the customer received it: met in person with a signed note, a recorded call, or
a delivery receipt. The numbers come from the policy TOML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from doorstep.cases.collection import overdue_since, qualifies
from doorstep.cases.compliance import Policy
from doorstep.contacts.model import Contact
from doorstep.core.clock import local


@dataclass(frozen=True)
class EffectiveCollection:
    """Whether 有效催收 is met, the contacts that satisfy it, and what is missing."""

    met: bool
    contacts: tuple[Contact, ...]
    need: int
    gap_days: int
    missing: str | None


def chain(times: Sequence[datetime], gap_days: int) -> list[int]:
    """Indices of the longest run of ``times`` (sorted) each ``gap_days`` after the last."""
    picked: list[int] = []
    for i, at in enumerate(times):
        if not picked or at - times[picked[-1]] >= timedelta(days=gap_days):
            picked.append(i)
    return picked


def effective_collection(policy: Policy, contacts: Sequence[Contact],
                         overdue_since: date | None) -> EffectiveCollection:
    """有效催收 over ``contacts`` (any order) for a debt overdue since ``overdue_since``."""
    need, gap = policy.effective_collection_contacts, policy.effective_collection_gap_days
    good = sorted((c for c in contacts if qualifies(c, overdue_since)), key=lambda c: c.at)
    picked = [good[i] for i in chain([c.at for c in good], gap)]
    if len(picked) >= need:
        return EffectiveCollection(True, tuple(picked[:need]), need, gap, None)
    have = "、".join(f"{local(c.at):%Y-%m-%d}" for c in picked) or "无"
    missing = (f"须有 {need} 次逾期后、彼此间隔至少 {gap} 天且有签收凭证（当面签字、通话录音"
               f"或送达回执）的有效联系；现有 {len(picked)} 次（{have}）")
    return EffectiveCollection(False, tuple(picked), need, gap, missing)


__all__ = ["EffectiveCollection", "chain", "effective_collection", "overdue_since", "qualifies"]
