"""Effective collection computed from the contact log — pure.

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
from doorstep.core.i18n import N_, Msg


@dataclass(frozen=True)
class EffectiveCollection:
    """Whether effective collection is met, the contacts that satisfy it, and what is
    missing (a message translated where it is shown)."""

    met: bool
    contacts: tuple[Contact, ...]
    need: int
    gap_days: int
    missing: Msg | None


def chain(times: Sequence[datetime], gap_days: int) -> list[int]:
    """Indices of the longest run of ``times`` (sorted) each ``gap_days`` after the last."""
    picked: list[int] = []
    for i, at in enumerate(times):
        if not picked or at - times[picked[-1]] >= timedelta(days=gap_days):
            picked.append(i)
    return picked


def effective_collection(policy: Policy, contacts: Sequence[Contact],
                         overdue_since: date | None) -> EffectiveCollection:
    """Effective collection over ``contacts`` (any order) for a debt overdue since
    ``overdue_since``."""
    need, gap = policy.effective_collection_contacts, policy.effective_collection_gap_days
    good = sorted((c for c in contacts if qualifies(c, overdue_since)), key=lambda c: c.at)
    picked = [good[i] for i in chain([c.at for c in good], gap)]
    if len(picked) >= need:
        return EffectiveCollection(True, tuple(picked[:need]), need, gap, None)
    have = [f"{local(c.at):%Y-%m-%d}" for c in picked] or Msg(N_("none"))
    missing = Msg(N_("%(need)s effective contacts are needed after the debt fell overdue, at "
                     "least %(gap)s days apart and with proof of receipt (a signed note, a call "
                     "recording or a delivery receipt); there are %(count)s (%(dates)s)"),
                  {"need": need, "gap": gap, "count": len(picked), "dates": have})
    return EffectiveCollection(False, tuple(picked), need, gap, missing)


__all__ = ["EffectiveCollection", "chain", "effective_collection", "overdue_since", "qualifies"]
