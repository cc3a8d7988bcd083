"""Field staff of every branch with skills, certificates, home bases and weekly shifts,
paired into teams of two."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from random import Random
from typing import Any

from doorstep.core.crypto import FieldCipher
from doorstep.demo.context import DemoConfig, IdSequence
from doorstep.demo.geography import Branch, scatter
from doorstep.demo.people import Registry, person_name
from doorstep.demo.sampling import pick_weighted

#: (start, end, ISO weekdays 1 = Monday … 7 = Sunday) and how common each shift is.
SHIFTS: tuple[tuple[tuple[time, time, tuple[int, ...]], float], ...] = (
    ((time(9, 0), time(18, 0), (1, 2, 3, 4, 5)), 0.6),
    ((time(10, 0), time(19, 0), (1, 2, 3, 4, 5)), 0.15),
    ((time(11, 0), time(20, 0), (2, 3, 4, 5, 6)), 0.15),
    ((time(9, 0), time(18, 0), (1, 2, 3, 4, 6)), 0.1),
)
#: Certificate kind → (years valid, roles or skills that hold it).
CERTIFICATE_YEARS = {"visit_compliance": 2, "collection_practice": 2, "legal_professional": 10,
                     "wealth_advisor": 2, "insurance_agent": 3, "it_support": 3}
#: The first team of every branch is its duty team: on the rota every day, 11:00-20:00, so
#: each branch has a team on duty any day the demo is started (and field1/field2, its
#: members in 福田中心支行, always have a day's route) and evening slots can be met.
DUTY_SHIFT = (time(11, 0), time(20, 0), (1, 2, 3, 4, 5, 6, 7))
PARTNER_ROLES = {"legal_advisor": 0.3, "service_specialist": 0.4, "customer_manager": 0.3}


@dataclass(frozen=True)
class StaffMember:
    id: int
    staff_no: str
    name: str
    role: str
    skills: tuple[str, ...]
    branch_id: int


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    branch_id: int
    members: tuple[StaffMember, StaffMember]
    skills: frozenset[str]

    @property
    def has_legal(self) -> bool:
        return "legal" in self.skills


@dataclass
class Workforce:
    staff: list[StaffMember] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    staff_rows: list[dict[str, Any]] = field(default_factory=list)
    certificate_rows: list[dict[str, Any]] = field(default_factory=list)
    team_rows: list[dict[str, Any]] = field(default_factory=list)

    def teams_of(self, branch_id: int) -> list[Team]:
        return [t for t in self.teams if t.branch_id == branch_id]


def _skills(rng: Random, role: str, full: bool) -> tuple[str, ...]:
    if role == "customer_manager":
        extra = [s for s, p in (("wealth", 0.4), ("insurance", 0.25)) if rng.random() < p]
        return ("loans", "cards", *extra)
    if role == "legal_advisor":
        return ("legal", "loans", "cards") if rng.random() < 0.5 else ("legal", "loans")
    if role == "technician":
        return ("technical", "cards") if rng.random() < 0.3 else ("technical",)
    if full:
        return ("cards", "insurance", "wealth")
    return tuple(sorted(rng.sample(["cards", "wealth", "insurance"], rng.randint(2, 3))))


def _certificates(rng: Random, cfg: DemoConfig, member: StaffMember) -> list[tuple[str, date]]:
    kinds = ["visit_compliance"]
    kinds += [k for k, need in (("collection_practice", "loans"), ("legal_professional", "legal"),
                                ("wealth_advisor", "wealth"), ("insurance_agent", "insurance"),
                                ("it_support", "technical")) if need in member.skills]
    out = []
    for kind in kinds:
        years = CERTIFICATE_YEARS[kind]
        # about one certificate in twelve has lapsed and waits for renewal
        age = rng.randint(30, 365 * years - 30) if rng.random() > 0.08 else (
            365 * years + rng.randint(5, 200))
        out.append((kind, cfg.as_of - timedelta(days=age)))
    return out


def _add_member(rng: Random, cfg: DemoConfig, ids: IdSequence, reg: Registry, cipher: FieldCipher,
                branch: Branch, role: str, wf: Workforce, full: bool = False,
                duty: bool = False) -> StaffMember:
    sid = ids.take("staff")
    male = rng.random() < 0.55
    member = StaffMember(sid, f"E{branch.code[-4:]}{sid:05d}", person_name(rng, male), role,
                         _skills(rng, role, full), branch.id)
    (start, end, days) = pick_weighted(rng, dict(SHIFTS))
    if duty:  # drawn anyway, so that every other member's draws stay the same
        start, end, days = DUTY_SHIFT
    home_lat, home_lon = scatter(rng, branch.lat, branch.lon, 4.0)
    wf.staff.append(member)
    wf.staff_rows.append({
        "id": sid, "staff_no": member.staff_no, "name": member.name, "role": role,
        "skills": list(member.skills), "branch_id": branch.id,
        "phone_enc": cipher.seal(reg.mobile(rng)), "home_lat": home_lat, "home_lon": home_lon,
        "shift_start": start, "shift_end": end, "weekdays": list(days), "active": True})
    for kind, issued in _certificates(rng, cfg, member):
        wf.certificate_rows.append({
            "id": ids.take("certificates"), "staff_id": sid, "kind": kind, "issued_on": issued,
            "expires_on": issued + timedelta(days=365 * CERTIFICATE_YEARS[kind])})
    return member


def _partner_role(rng: Random, index: int) -> str:
    fixed = {0: "service_specialist", 1: "legal_advisor", 2: "technician"}
    return fixed.get(index) or pick_weighted(rng, PARTNER_ROLES)


def teams_per_branch(cfg: DemoConfig) -> int:
    return max(3, min(16, round(2 + 3 * math.sqrt(cfg.scale))))


def make_workforce(rng: Random, cfg: DemoConfig, ids: IdSequence, reg: Registry,
                   cipher: FieldCipher, branches: list[Branch]) -> Workforce:
    """Per branch: teams of a customer manager and a partner, plus one spare specialist."""
    wf = Workforce()
    formed = cfg.as_of - timedelta(days=240)
    for branch in branches:
        for index in range(teams_per_branch(cfg)):
            a = _add_member(rng, cfg, ids, reg, cipher, branch, "customer_manager", wf,
                            duty=index == 0)
            b = _add_member(rng, cfg, ids, reg, cipher, branch, _partner_role(rng, index), wf,
                            full=index == 0, duty=index == 0)
            team = Team(ids.take("teams"), f"{branch.name}外访{index + 1}组", branch.id, (a, b),
                        frozenset(a.skills) | frozenset(b.skills))
            wf.teams.append(team)
            wf.team_rows.append({"id": team.id, "name": team.name, "branch_id": branch.id,
                                 "member_a_id": a.id, "member_b_id": b.id, "active": True,
                                 "formed_on": formed + timedelta(days=rng.randint(0, 60))})
        _add_member(rng, cfg, ids, reg, cipher, branch, "service_specialist", wf)
    return wf
