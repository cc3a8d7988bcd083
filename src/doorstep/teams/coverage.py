"""Which skills a case needs, whether a team covers them on a day, and pairing proposals.

Pure rules (DESIGN §7): a legal advisor for cases near litigation, a technician for account
faults, wealth / insurance skills for those lines; certificates gate the skills they back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import combinations

from doorstep.cases.model import BusinessLine, CaseState, CaseType
from doorstep.core.i18n import N_, Msg
from doorstep.teams.model import Skill, StaffMember, Team

#: The skill a business line needs (a deposit account needs none of its own).
LINE_SKILLS: dict[str, Skill] = {
    BusinessLine.LOAN: Skill.LOANS, BusinessLine.CREDIT_CARD: Skill.CARDS,
    BusinessLine.WEALTH: Skill.WEALTH, BusinessLine.INSURANCE: Skill.INSURANCE}
NEAR_LITIGATION_STATES = frozenset({CaseState.ESCALATED, CaseState.MEDIATION})
#: A skill counts only while its holder's certificate of this kind is valid.
SKILL_CERTIFICATES: dict[str, str] = {
    Skill.LEGAL: "legal_professional", Skill.TECHNICAL: "it_support",
    Skill.WEALTH: "wealth_advisor", Skill.INSURANCE: "insurance_agent"}
#: Held by every field worker; once lapsed, its holder may not be sent to a door.
BASE_CERTIFICATE = "visit_compliance"


@dataclass(frozen=True)
class CaseNeed:
    """What decides a case's skills: its type, line, state, priority and days past due."""

    case_type: str
    business_line: str
    state: str = "approved"
    priority: int = 3
    overdue: bool = False


def required_skills(need: CaseNeed) -> frozenset[str]:
    """The skills a team must bring to the door for this case."""
    skills: set[str] = set()
    line_skill = LINE_SKILLS.get(need.business_line)
    if line_skill:
        skills.add(line_skill)
    if need.case_type == CaseType.ACCOUNT_PROBLEM:
        skills.add(Skill.TECHNICAL)
    if need.case_type == CaseType.WEALTH_DISPUTE:
        skills.add(Skill.WEALTH)
    if need.case_type == CaseType.INSURANCE_DISPUTE:
        skills.add(Skill.INSURANCE)
    near_litigation = need.state in NEAR_LITIGATION_STATES or (
        need.case_type == CaseType.OVERDUE_DEBT and need.priority == 1 and need.overdue)
    if near_litigation:
        skills.add(Skill.LEGAL)
    return frozenset(skills)


def effective_skills(member: StaffMember, day: date) -> frozenset[str]:
    """The member's skills usable on ``day``: none if the base certificate lapsed."""
    def valid(kind: str) -> bool:
        return any(c.kind == kind and c.valid_on(day) for c in member.certificates)

    lapsed = [c for c in member.certificates if c.kind == BASE_CERTIFICATE]
    if lapsed and not valid(BASE_CERTIFICATE):
        return frozenset()
    return frozenset(s for s in member.skills
                     if s not in SKILL_CERTIFICATES or valid(SKILL_CERTIFICATES[s]))


def coverage_gaps(members: tuple[StaffMember, ...], needed: frozenset[str],
                  day: date) -> list[Msg]:
    """Why these members cannot take the case on ``day`` (empty when they can)."""
    gaps: list[Msg] = []
    for m in members:
        if any(c.kind == BASE_CERTIFICATE for c in m.certificates) and not effective_skills(
                m, day):
            gaps.append(Msg(N_("The visit-compliance certificate of %(name)s (%(staff_no)s) "
                               "has expired"), {"name": m.name, "staff_no": m.staff_no}))
    have = frozenset().union(*(effective_skills(m, day) for m in members)) if members else \
        frozenset()
    missing = sorted(needed - have)
    if missing:
        gaps.append(Msg(N_("Valid skills or certificates missing: %(skills)s"),
                        {"skills": missing}))
    return gaps


def team_covers(team: Team, need: CaseNeed, day: date) -> bool:
    """Whether ``team`` may be assigned a case with this need on ``day``."""
    return not coverage_gaps(team.members, required_skills(need), day)


@dataclass(frozen=True)
class Pairing:
    """A proposed team of two and the needs it covers."""

    a: StaffMember
    b: StaffMember
    covers: int


def _score(pair: tuple[StaffMember, StaffMember], needs: list[frozenset[str]],
           day: date) -> tuple[int, int]:
    skills = effective_skills(pair[0], day) | effective_skills(pair[1], day)
    return sum(1 for n in needs if n <= skills), len(skills)


def propose_pairs(staff: list[StaffMember], needs: list[frozenset[str]],
                  day: date) -> list[Pairing]:
    """Greedy pairs of available staff covering as many of the day's needs as possible.

    Each round picks the pair covering most uncovered needs (ties: more skills, then
    staff numbers), removes both members, and stops when no one is left to pair.
    """
    free = sorted((m for m in staff if m.works_on(day)), key=lambda m: m.staff_no)
    open_needs = list(needs)
    pairs: list[Pairing] = []
    while len(free) >= 2:
        best = max(combinations(free, 2), key=lambda p: _score(p, open_needs, day))
        covered, _ = _score(best, open_needs, day)
        skills = effective_skills(best[0], day) | effective_skills(best[1], day)
        open_needs = [n for n in open_needs if not n <= skills]
        pairs.append(Pairing(best[0], best[1], covered))
        free = [m for m in free if m not in best]
    return pairs
