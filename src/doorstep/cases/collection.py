"""Which contacts count toward effective collection (the policy's contact rule) — pure. The contacts
capability stores contacts; the rule that a case's lifecycle checks lives with the case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from doorstep.core.clock import local

#: ``contacts.model.Proof.NONE``: no proof that the customer received the contact.
NO_PROOF = "none"


class ContactFacts(Protocol):
    """What the rule reads of a stored contact (``contacts.model.Contact``)."""

    @property
    def at(self) -> datetime: ...
    @property
    def proof(self) -> str: ...
    @property
    def failed(self) -> bool: ...
    @property
    def with_debtor(self) -> bool: ...


def qualifies(c: ContactFacts, overdue_since: date | None) -> bool:
    """A contact with the customer, after the debt was overdue, with proof of receipt."""
    if not c.with_debtor or c.failed or c.proof == NO_PROOF:
        return False
    return overdue_since is None or local(c.at).date() >= overdue_since


def overdue_since(months: Sequence[tuple[date, int]]) -> date | None:
    """The first month of the current overdue spell from (month, days past due) rows."""
    start: date | None = None
    for month, dpd in sorted(months):
        start = (start or month) if dpd > 0 else None
    return start
