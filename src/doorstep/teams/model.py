"""Staff, their certificates and teams of two: plain values, free of I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from doorstep.core.i18n import N_

ROLE_LABELS: dict[str, str] = {
    "customer_manager": N_("Customer manager"),
    "legal_advisor": N_("Legal advisor"),
    "service_specialist": N_("Service specialist"),
    "technician": N_("Technician"),
}


class Skill(StrEnum):
    """What a staff member can bring to the door (DESIGN §7); the one list of skills."""

    LEGAL = "legal"
    TECHNICAL = "technical"
    LOANS = "loans"
    CARDS = "cards"
    WEALTH = "wealth"
    INSURANCE = "insurance"


SKILL_LABELS: dict[str, str] = {
    Skill.LEGAL: N_("Legal"), Skill.TECHNICAL: N_("Technical"),
    Skill.LOANS: N_("Loans"), Skill.CARDS: N_("Cards"),
    Skill.WEALTH: N_("Wealth"), Skill.INSURANCE: N_("Insurance"),
}
CERTIFICATE_LABELS: dict[str, str] = {
    "visit_compliance": N_("Visit compliance"),
    "collection_practice": N_("Collection practice"),
    "legal_professional": N_("Legal professional"),
    "wealth_advisor": N_("Wealth advisor"),
    "insurance_agent": N_("Insurance agent"),
    "it_support": N_("IT support"),
}


@dataclass(frozen=True)
class Certificate:
    """A certificate a staff member holds, valid up to and including ``expires_on``."""

    kind: str
    expires_on: date

    def valid_on(self, day: date) -> bool:
        return day <= self.expires_on


@dataclass(frozen=True)
class StaffMember:
    """One member of the field staff with skills, certificates, home base and weekly shift."""

    id: int
    staff_no: str
    name: str
    role: str
    skills: frozenset[str]
    branch_id: int
    home_lat: float
    home_lon: float
    shift_start: time
    shift_end: time
    weekdays: tuple[int, ...]
    certificates: tuple[Certificate, ...] = ()
    active: bool = True

    def works_on(self, day: date) -> bool:
        """Whether the weekly shift covers ``day`` (ISO weekdays, 1 = Monday)."""
        return works_on(self.active, self.weekdays, day)


def works_on(active: bool, weekdays: Sequence[int], day: date) -> bool:
    """Whether an active member whose weekly shift is ``weekdays`` works on ``day``."""
    return active and day.isoweekday() in weekdays


@dataclass(frozen=True)
class Team:
    """A team of two field staff of one branch."""

    id: int
    name: str
    branch_id: int
    members: tuple[StaffMember, StaffMember]
    active: bool = True

    @property
    def skills(self) -> frozenset[str]:
        return self.members[0].skills | self.members[1].skills

    def on_duty(self, day: date) -> bool:
        return self.active and all(m.works_on(day) for m in self.members)

    @property
    def shift(self) -> tuple[time, time]:
        """The hours both members work: the later start and the earlier end."""
        a, b = self.members
        return max(a.shift_start, b.shift_start), min(a.shift_end, b.shift_end)
