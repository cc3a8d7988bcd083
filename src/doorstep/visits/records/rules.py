"""Pure visit rules: check-in distance, outcome → lifecycle commands, instalment status."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from doorstep.cases.lifecycle import Command
from doorstep.core.i18n import N_
from doorstep.visits.records.model import AgreementTerms, Outcome, VisitRefused
from doorstep.visits.wording import WORDING

EARTH_RADIUS_M = 6_371_000.0
MAX_CLOCK_SKEW = timedelta(minutes=10)
MAX_OFFLINE_AGE = timedelta(days=7)


@dataclass(frozen=True)
class FieldParams:
    """Field settings: check-in distance flag, refused-visit policy, agreement grace."""

    max_check_in_distance_m: float = 500.0
    refused_goes_to: str = "escalate"
    broken_goes_to: str = "escalate"
    grace_days: int = 7
    reminder_days_before: int = 3
    evidence_max_bytes: int = 20 * 1024 * 1024
    public_base_url: str = "http://127.0.0.1:8000"
    bank_name: str = str(WORDING["bank"]["default_name"])

    def __post_init__(self) -> None:
        if self.max_check_in_distance_m <= 0:
            raise ValueError("max_check_in_distance_m must be positive")
        if self.broken_goes_to not in ("escalate", "follow_up"):
            raise ValueError("broken_goes_to must be 'escalate' or 'follow_up'")
        if self.refused_goes_to not in ("escalate", "follow_up"):
            raise ValueError("refused_goes_to must be 'escalate' or 'follow_up'")
        if self.grace_days < 0 or self.reminder_days_before < 0:
            raise ValueError("grace_days and reminder_days_before must not be negative")


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS-84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def check_in_distance(lat: float | None, lon: float | None, home_lat: float, home_lon: float,
                      params: FieldParams) -> tuple[float | None, bool]:
    """Distance from the customer's address and whether it is flagged (too far or unknown)."""
    if lat is None or lon is None:
        return None, True
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise VisitRefused(N_("The location coordinates are invalid"))
    distance = round(haversine_m(lat, lon, home_lat, home_lon), 1)
    return distance, distance > params.max_check_in_distance_m


def check_times(check_in: datetime, check_out: datetime, now: datetime) -> None:
    """Times come from the phone: not in the future, not too old, check-out after check-in."""
    if check_out < check_in:
        raise VisitRefused(N_("Check-out cannot be before check-in"))
    if check_out > now + MAX_CLOCK_SKEW:
        raise VisitRefused(N_("Check-in or check-out is in the future; check the phone's clock"))
    if check_in < now - MAX_OFFLINE_AGE:
        raise VisitRefused(N_("An offline record older than 7 days can no longer be sent; "
                           "contact the dispatcher"))


@dataclass(frozen=True)
class ServerTimes:
    """A visit's times on the server's clock, and how far off the phone's clock was."""

    check_in_at: datetime
    check_out_at: datetime
    skew: timedelta = timedelta(0)  # server minus phone; zero when within tolerance or unknown

    @property
    def corrected(self) -> bool:
        return self.skew != timedelta(0)


def server_times(check_in: datetime, check_out: datetime, sent_at: datetime | None,
                 now: datetime) -> ServerTimes:
    """Judge a visit on the server's clock. A phone that says when it sent the record
    (``sent_at``, by its own clock) shows how wrong that clock is: beyond MAX_CLOCK_SKEW its
    check-in and check-out are moved by the same error (the caller keeps the phone's claim).
    Without ``sent_at`` the times stand, and a future one is refused by :func:`check_times`."""
    if sent_at is None:
        return ServerTimes(check_in, check_out)
    skew = now - sent_at
    if abs(skew) <= MAX_CLOCK_SKEW:
        return ServerTimes(check_in, check_out)
    if check_out > sent_at + MAX_CLOCK_SKEW:
        raise VisitRefused(N_("Check-out is later than the record was sent: the phone's clock "
                           "is inconsistent; check it"))
    return ServerTimes(check_in + skew, check_out + skew, skew)


def commands_for(outcome: Outcome, params: FieldParams) -> tuple[Command, ...]:
    """The lifecycle commands an outcome runs, in order (DESIGN §4)."""
    if outcome == Outcome.NOT_AT_HOME:
        return (Command.RECORD_FAILED_ATTEMPT,)
    second = {
        Outcome.RESOLVED_EXPLAINED: Command.RESOLVE,
        Outcome.RESOLVED_FIXED: Command.RESOLVE,
        Outcome.REPAYMENT_PLAN: Command.MONITOR,
        Outcome.PROMISE_TO_PAY: Command.MONITOR,
        Outcome.FOLLOW_UP: Command.REQUEST_FOLLOW_UP,
        Outcome.ESCALATE: Command.ESCALATE,
        Outcome.REFUSED: (Command.ESCALATE if params.refused_goes_to == "escalate"
                          else Command.REQUEST_FOLLOW_UP),
    }[outcome]
    return (Command.RECORD_VISIT, second)


def validate_terms(terms: AgreementTerms | None, outcome: Outcome, today: date) -> None:
    """A repayment plan or promise carries dated, positive instalments in order."""
    if terms is None:
        raise VisitRefused(N_("A repayment plan or promise needs instalment dates and amounts"))
    if not terms.instalments:
        raise VisitRefused(N_("At least one instalment is needed"))
    if outcome == Outcome.PROMISE_TO_PAY and len(terms.instalments) != 1:
        raise VisitRefused(N_("A promise to pay has one instalment only"))
    dates = [i.due_on for i in terms.instalments]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        raise VisitRefused(N_("Instalment dates must be in order and distinct"))
    if dates[0] < today:
        raise VisitRefused(N_("The first instalment cannot be before today"))
    if any(i.amount <= 0 for i in terms.instalments) or terms.fee_waiver_amount < 0:
        raise VisitRefused(N_("Instalments must be above 0 and a waiver cannot be negative"))


@dataclass(frozen=True)
class InstalmentStatus:
    due_on: date
    amount: Decimal
    paid_amount: Decimal


def agreement_verdict(items: list[InstalmentStatus], today: date,
                      grace_days: int) -> str:
    """``kept`` when every instalment is paid, ``broken`` when one is unpaid past its due
    date plus the grace period, otherwise ``active``."""
    if items and all(i.paid_amount >= i.amount for i in items):
        return "kept"
    late = today - timedelta(days=grace_days)
    if any(i.paid_amount < i.amount and i.due_on < late for i in items):
        return "broken"
    return "active"


def allocate(payment: Decimal, items: list[InstalmentStatus]) -> list[Decimal]:
    """Spread a payment over instalments, oldest first; the new paid amount of each."""
    paid = []
    left = payment
    for item in items:
        room = max(item.amount - item.paid_amount, Decimal("0"))
        take = min(room, left)
        left -= take
        paid.append(item.paid_amount + take)
    if left > 0 and paid:
        paid[-1] += left
    return paid
