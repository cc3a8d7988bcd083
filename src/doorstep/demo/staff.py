"""Field staff of every branch with skills, certificates, home bases and weekly shifts,
paired into teams of two."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from random import Random
from typing import Any

from doorstep.core.crypto import FieldCipher
from doorstep.demo.context import DemoConfig, IdSequence
from doorstep.demo.geography import Branch, nearest_branch, sample_home, scatter
from doorstep.demo.people import Registry, person_name
from doorstep.demo.sampling import pick_weighted

#: (start, end, ISO weekdays 1 = Monday … 7 = Sunday) and how common each shift is. A late
#: shift is common: one customer in five asks for an evening visit (17:30-20:00).
SHIFTS: tuple[tuple[tuple[time, time, tuple[int, ...]], float], ...] = (
    ((time(9, 0), time(18, 0), (1, 2, 3, 4, 5)), 0.3),
    ((time(10, 0), time(20, 0), (1, 2, 3, 4, 5)), 0.35),
    ((time(11, 0), time(20, 0), (2, 3, 4, 5, 6)), 0.25),
    ((time(9, 0), time(18, 0), (1, 2, 3, 4, 6)), 0.1),
)
#: Certificate kind → (years valid, roles or skills that hold it).
CERTIFICATE_YEARS = {"visit_compliance": 2, "collection_practice": 2, "legal_professional": 10,
                     "wealth_advisor": 2, "insurance_agent": 3, "it_support": 3}
#: The first three teams of every branch are on the rota every day, 10:00-20:00 (lunch
#: taken on the road), so whatever day the demo is started each branch has a team on duty
#: for every skill a case may need (the legal advisor's team, the technician's team) from
#: the morning to the evening slots. Team 1 of 福田中心支行 is field1 and field2. Their
#: certificates are kept valid; the lapsed ones are on the other teams.
EVERY_DAY = (1, 2, 3, 4, 5, 6, 7)
DUTY_SHIFT = (time(10, 0), time(20, 0), EVERY_DAY)
DUTY_TEAMS = 3
#: Partners of the other teams: legal advisors are common, as near-litigation debts are a
#: large part of the backlog of visits.
PARTNER_ROLES = {"legal_advisor": 0.4, "service_specialist": 0.3, "customer_manager": 0.2,
                 "technician": 0.1}


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
    #: The shift both members work, in local minutes (start, end).
    hours: tuple[int, int] = (540, 1080)

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
    shifts: dict[int, tuple[time, time, tuple[int, ...]]] = field(default_factory=dict)

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


def _certificates(rng: Random, cfg: DemoConfig, member: StaffMember,
                  kept_valid: bool) -> list[tuple[str, date]]:
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
        if kept_valid and age >= 365 * years:  # renewed: same draws, a valid date
            age -= 365 * years // 2 + 200
        out.append((kind, cfg.as_of - timedelta(days=age)))
    return out


Shift = tuple[time, time, tuple[int, ...]]


def _add_member(rng: Random, cfg: DemoConfig, ids: IdSequence, reg: Registry, cipher: FieldCipher,
                branch: Branch, role: str, wf: Workforce, full: bool = False,
                shift: Shift | None = None, duty: bool = False,
                skills: tuple[str, ...] | None = None) -> StaffMember:
    """A member; ``shift`` is their team's (partners work the same hours), ``duty`` keeps
    their certificates valid, ``skills`` replaces the drawn ones."""
    sid = ids.take("staff")
    male = rng.random() < 0.55
    drawn = _skills(rng, role, full)
    member = StaffMember(sid, f"E{branch.code[-4:]}{sid:05d}", person_name(rng, male), role,
                         skills or drawn, branch.id)
    (start, end, days) = pick_weighted(rng, dict(SHIFTS))
    if shift is not None:  # drawn anyway, so that every other member's draws stay the same
        start, end, days = shift
    home_lat, home_lon = scatter(rng, branch.lat, branch.lon, 4.0)
    wf.staff.append(member)
    wf.staff_rows.append({
        "id": sid, "staff_no": member.staff_no, "name": member.name, "role": role,
        "skills": list(member.skills), "branch_id": branch.id,
        "phone_enc": cipher.seal(reg.mobile(rng)), "home_lat": home_lat, "home_lon": home_lon,
        "shift_start": start, "shift_end": end, "weekdays": list(days), "active": True})
    wf.shifts[sid] = (start, end, days)
    for kind, issued in _certificates(rng, cfg, member, duty):
        wf.certificate_rows.append({
            "id": ids.take("certificates"), "staff_id": sid, "kind": kind, "issued_on": issued,
            "expires_on": issued + timedelta(days=365 * CERTIFICATE_YEARS[kind])})
    return member


def _minutes(shift: Shift) -> tuple[int, int]:
    start, end, _ = shift
    return start.hour * 60 + start.minute, end.hour * 60 + end.minute


def _partner_role(rng: Random, index: int) -> str:
    fixed = {0: "service_specialist", 1: "legal_advisor", 2: "technician"}
    return fixed.get(index) or pick_weighted(rng, PARTNER_ROLES)


#: Teams per thousand customers: the demo's backlog of approved visits is about 1.5 % of
#: the customers, and a team makes about five visits a day with room left for windows.
TEAMS_PER_THOUSAND = 4.0
#: Homes drawn (with their own seeded stream) to estimate each branch's share of customers.
SHARE_SAMPLE = 4000


def branch_shares(branches: list[Branch]) -> dict[int, float]:
    """Each branch's expected share of the customers (homes go to the nearest branch)."""
    rng = Random(20_000)
    counts = dict.fromkeys((b.id for b in branches), 0)
    for _ in range(SHARE_SAMPLE):
        home = sample_home(rng)
        counts[nearest_branch(branches, home.lat, home.lon).id] += 1
    return {bid: n / SHARE_SAMPLE for bid, n in counts.items()}


def teams_per_branch(cfg: DemoConfig, share: float) -> int:
    """Enough teams for the branch's expected visits (at least the three on duty daily)."""
    return max(DUTY_TEAMS, min(16, round(cfg.customers / 1000 * TEAMS_PER_THOUSAND * share)))


#: Teams added for the demo day's backlog: a partner role by the skill the waiting visits
#: need, every day, on an early or a late shift (so morning and evening slots both fit).
DAY_TEAM_PARTNERS = {"legal": ("legal_advisor", ("legal", "loans", "cards")),
                     "technical": ("technician", ("technical", "cards")),
                     "wealth": ("service_specialist", ("cards", "insurance", "wealth")),
                     "insurance": ("service_specialist", ("cards", "insurance", "wealth"))}
DAY_TEAM_SHIFTS = ((time(9, 0), time(18, 0), EVERY_DAY), (time(11, 0), time(20, 0), EVERY_DAY))


def day_team(rng: Random, cfg: DemoConfig, ids: IdSequence, reg: Registry, cipher: FieldCipher,
             branch: Branch, number: int, skill: str) -> Workforce:
    """One more team for ``branch`` (its ``number``-th), on the rota every day: a customer
    manager with every product skill, and a partner who brings ``skill``."""
    wf = Workforce()
    shift = DAY_TEAM_SHIFTS[number % 2]
    role, partner_skills = DAY_TEAM_PARTNERS.get(skill, DAY_TEAM_PARTNERS["wealth"])
    a = _add_member(rng, cfg, ids, reg, cipher, branch, "customer_manager", wf, shift=shift,
                    duty=True, skills=("loans", "cards", "wealth", "insurance"))
    b = _add_member(rng, cfg, ids, reg, cipher, branch, role, wf, shift=shift, duty=True,
                    skills=partner_skills)
    team = Team(ids.take("teams"), f"{branch.name}外访{number}组", branch.id, (a, b),
                frozenset(a.skills) | frozenset(b.skills), _minutes(shift))
    wf.teams.append(team)
    wf.team_rows.append({"id": team.id, "name": team.name, "branch_id": branch.id,
                         "member_a_id": a.id, "member_b_id": b.id, "active": True,
                         "formed_on": cfg.as_of - timedelta(days=rng.randint(20, 90))})
    return wf


def make_workforce(rng: Random, cfg: DemoConfig, ids: IdSequence, reg: Registry,
                   cipher: FieldCipher, branches: list[Branch]) -> Workforce:
    """Per branch: teams of a customer manager and a partner working the same shift, plus
    one spare specialist."""
    wf = Workforce()
    formed = cfg.as_of - timedelta(days=240)
    shares = branch_shares(branches)
    for branch in branches:
        for index in range(teams_per_branch(cfg, shares[branch.id])):
            duty = index < DUTY_TEAMS
            a = _add_member(rng, cfg, ids, reg, cipher, branch, "customer_manager", wf,
                            shift=DUTY_SHIFT if duty else None, duty=duty)
            b = _add_member(rng, cfg, ids, reg, cipher, branch, _partner_role(rng, index), wf,
                            full=index == 0, shift=wf.shifts[a.id], duty=duty)
            team = Team(ids.take("teams"), f"{branch.name}外访{index + 1}组", branch.id, (a, b),
                        frozenset(a.skills) | frozenset(b.skills),
                        _minutes(wf.shifts[a.id]))
            wf.teams.append(team)
            wf.team_rows.append({"id": team.id, "name": team.name, "branch_id": branch.id,
                                 "member_a_id": a.id, "member_b_id": b.id, "active": True,
                                 "formed_on": formed + timedelta(days=rng.randint(0, 60))})
        _add_member(rng, cfg, ids, reg, cipher, branch, "service_specialist", wf)
    return wf
