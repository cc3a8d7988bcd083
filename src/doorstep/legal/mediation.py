"""Mediation clock rules (DESIGN §10): 30 days, extendable with a reason; judicial
confirmation to be applied for within 30 days of signing. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from doorstep.core.i18n import N_
from doorstep.legal.model import FailureReason, LegalInvalid, Mediation, MediationState

MEDIATION_DAYS = 30
MAX_EXTENSION_DAYS = 30
CONFIRMATION_DAYS = 30
#: Days before a deadline when it is flagged as near.
NEAR_DAYS = 7


@dataclass(frozen=True)
class MediationClock:
    started_at: datetime
    due_at: datetime
    days_left: int
    overdue: bool
    near: bool


def due_at(started_at: datetime, days: int = MEDIATION_DAYS) -> datetime:
    """When a mediation started at ``started_at`` must end."""
    return started_at + timedelta(days=days)


def _days_until(end: datetime, now: datetime) -> int:
    return int((end - now).total_seconds() // 86400)


def clock(m: Mediation, now: datetime) -> MediationClock:
    """Days left on the mediation's clock (negative once overdue) and its flags."""
    left = _days_until(m.due_at, now)
    running = m.state == MediationState.OPEN
    overdue = running and now > m.due_at
    return MediationClock(m.started_at, m.due_at, left, overdue,
                          running and not overdue and left < NEAR_DAYS)


def extended_due(m: Mediation, days: int, reason: str) -> datetime:
    """The new due time after an extension; refuses a closed mediation, bad days, no reason."""
    if m.state != MediationState.OPEN:
        raise LegalInvalid(N_("The mediation has ended: it cannot be extended"))
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise LegalInvalid(N_("An extension is 1–%(max)s days"), max=MAX_EXTENSION_DAYS)
    if len(reason.strip()) < 4:
        raise LegalInvalid(N_("An extension needs a reason (at least 4 characters)"))
    return m.due_at + timedelta(days=days)


@dataclass(frozen=True)
class ConfirmationDeadline:
    """The judicial-confirmation deadline of a signed mediation agreement."""

    signed_on: date
    deadline: date
    days_left: int
    status: str  # "ok" | "near" | "late"


def confirmation_deadline(signed_on: date, today: date) -> ConfirmationDeadline:
    """Apply for judicial confirmation within 30 days of signing; flag near and late."""
    deadline = signed_on + timedelta(days=CONFIRMATION_DAYS)
    left = (deadline - today).days
    status = "late" if left < 0 else "near" if left <= NEAR_DAYS else "ok"
    return ConfirmationDeadline(signed_on, deadline, left, status)


def check_agreement(terms: str, amount: Decimal, instalments: int, signed_on: date,
                    today: date) -> None:
    """An imported mediation agreement has terms, a positive amount and a past signing date."""
    if len(terms.strip()) < 4:
        raise LegalInvalid(N_("Give the main terms of the mediation agreement"))
    if instalments < 1 or instalments > 120:
        raise LegalInvalid(N_("Instalments must be 1–120"))
    if signed_on > today:
        raise LegalInvalid(N_("The signing date cannot be after today"))
    if amount <= 0 or amount > 10**11:
        raise LegalInvalid(N_("The agreed amount must be above 0"))


def check_failure(reason: FailureReason, text: str) -> None:
    """A failure reason of "other" must say what happened."""
    if reason == FailureReason.OTHER and len(text.strip()) < 4:
        raise LegalInvalid(N_("A failure reason of \"other\" must say what happened (at least 4 "
                              "characters)"))
