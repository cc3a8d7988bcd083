"""Staff, their certificates and teams of two: plain values, free of I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "customer_manager": ("客户经理", "Customer manager"),
    "legal_advisor": ("法律顾问", "Legal advisor"),
    "service_specialist": ("服务专员", "Service specialist"),
    "technician": ("技术人员", "Technician"),
}


class Skill(StrEnum):
    """What a staff member can bring to the door (DESIGN §7); the one list of skills."""

    LEGAL = "legal"
    TECHNICAL = "technical"
    LOANS = "loans"
    CARDS = "cards"
    WEALTH = "wealth"
    INSURANCE = "insurance"


SKILL_LABELS: dict[str, tuple[str, str]] = {
    Skill.LEGAL: ("法律", "Legal"), Skill.TECHNICAL: ("技术", "Technical"),
    Skill.LOANS: ("贷款", "Loans"), Skill.CARDS: ("信用卡", "Cards"),
    Skill.WEALTH: ("理财", "Wealth"), Skill.INSURANCE: ("保险", "Insurance"),
}
CERTIFICATE_LABELS: dict[str, tuple[str, str]] = {
    "visit_compliance": ("外访合规", "Visit compliance"),
    "collection_practice": ("催收实务", "Collection practice"),
    "legal_professional": ("法律职业资格", "Legal professional"),
    "wealth_advisor": ("理财师", "Wealth advisor"),
    "insurance_agent": ("保险代理", "Insurance agent"),
    "it_support": ("技术支持", "IT support"),
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
