"""What dispatch reads from the bank for one branch-day, and what it keeps of a plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from doorstep.teams.model import Team


@dataclass(frozen=True)
class VisitCandidate:
    """A case to visit that day: a confirmed appointment (fixed slot) or a flexible case.

    Times are local (Beijing) naive datetimes; ``team_id`` is the team the customer was
    promised (confirmed appointments) or the owner team (flexible cases).
    """

    case_id: int
    case_no: str
    customer_name: str
    lat: float
    lon: float
    case_type: str
    business_line: str
    state: str
    priority: int
    amount_at_stake: Decimal
    overdue: bool
    preferred_contact_times: str = ""
    appointment_id: int | None = None
    slot_start: datetime | None = None
    slot_end: datetime | None = None
    team_id: int | None = None
    #: Expected benefit of the visit in yuan (screening: risk x amount at stake x uplift).
    benefit: float = 0.0
    #: When the case's service level falls due (local time), if it has one.
    sla_due: datetime | None = None

    @property
    def fixed(self) -> bool:
        return self.appointment_id is not None


@dataclass(frozen=True)
class BranchDay:
    """Everything dispatch needs to plan one branch's day."""

    branch_id: int
    branch_code: str
    branch_name: str
    branch_lat: float
    branch_lon: float
    day: date
    teams: tuple[Team, ...]
    visits: tuple[VisitCandidate, ...]


@dataclass(frozen=True)
class StoredStop:
    """One stored stop of a team's route."""

    team_id: int
    case_id: int
    appointment_id: int | None
    seq: int
    arrival: datetime
    departure: datetime
    travel_minutes: int
    status: str = "planned"


@dataclass(frozen=True)
class StoredPlan:
    """A stored route plan of a branch-day, its stops, stats and unassigned visits."""

    id: int
    branch_id: int
    day: date
    created_at: datetime
    created_by: str
    status: str
    stats: dict[str, object]
    unassigned: list[dict[str, object]]
    stops: tuple[StoredStop, ...] = field(default=())
    version: int = 1


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The local (Beijing) day as naive UTC bounds, the way times are stored."""
    from doorstep.core.clock import BANK_TZ, utc

    start = datetime.combine(day, datetime.min.time(), tzinfo=BANK_TZ)
    return (utc(start).replace(tzinfo=None),
            utc(start + timedelta(days=1)).replace(tzinfo=None))


def local_to_utc(at: datetime) -> datetime:
    """A naive local (Beijing) time as the naive UTC time stored in the database."""
    from doorstep.core.clock import BANK_TZ, utc

    return utc(at.replace(tzinfo=BANK_TZ)).replace(tzinfo=None)


def seconds_into(day: date, now: datetime) -> int:
    """How far into ``day`` (local) it is now: 0 before it starts, a full day after it."""
    from doorstep.core.clock import local

    here = local(now)
    if day > here.date():
        return 0
    if day < here.date():
        return 24 * 3600
    return here.hour * 3600 + here.minute * 60 + here.second
