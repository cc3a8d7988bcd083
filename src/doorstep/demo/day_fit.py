"""The demo day's visits fit its teams: teams sized from each branch's actual backlog.

Once the cases are written (inside the load's transaction), each branch's day is read the
way dispatch reads it, and planned the way dispatch plans it. The certificates a booked
team needs for its confirmed visits are renewed, and a visit booked with a team that lacks
a skill it needs goes to one that has it. Then, while the teams' estimated capacity leaves
less than a small margin over the visits, a partner skill is needed by more than 3 visits
per team that has it, or the planner leaves visits waiting, the branch
gets more teams on the rota every day, whose partners bring the skill the waiting visits
need most; a waiting visit booked with a team is released to any team that can make it.
So `make run` leaves every visit of the day routed, at any demo size.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, Table, update

from doorstep.core.crypto import FieldCipher
from doorstep.demo.context import DemoConfig, IdSequence
from doorstep.demo.reference import Reference
from doorstep.demo.staff import CERTIFICATE_YEARS, day_team
from doorstep.store import tables as t
from doorstep.store.repositories.dispatch import DispatchRepository
from doorstep.teams.coverage import effective_skills
from doorstep.visits.dispatch.build import build_problem
from doorstep.visits.dispatch.capacity import estimate
from doorstep.visits.dispatch.model import BranchDay
from doorstep.visits.dispatch.solve import solve_day
from doorstep.visits.routing import HaversineMatrix, RoutingParams, RoutingProblem, TravelMatrix

#: Solver seconds per check (the demo's day step then plans with twice as long).
FIT_SECONDS = 0.5
#: The teams' estimated capacity must exceed the visits by this share.
MARGIN = 1.15
#: Visits needing a partner skill (legal, technical, wealth, insurance) per team that has it.
SKILL_LOAD = 3.0
#: At most this many teams added to one branch, and planner checks per branch.
MAX_ADDED = 16
MAX_SOLVES = 4
#: Skills a partner brings, rarest first: the first one a waiting visit needs decides.
PARTNER_SKILLS = ("legal", "technical", "wealth", "insurance")


class Inserter(Protocol):
    """The loader: its connection, settings, cipher and bulk insert."""

    conn: Connection
    cfg: DemoConfig
    cipher: FieldCipher

    def insert(self, table: Table, rows: Any) -> None: ...


@dataclass
class Fit:
    """What sizing did: teams added and certificates renewed per branch code."""

    added: dict[str, int] = field(default_factory=dict)
    renewed: int = 0
    rebooked: int = 0


def renew_booked(conn: Connection, day: BranchDay) -> int:
    """Renew the lapsed certificates of the teams that customers are booked with today
    (the bank would not book a team that cannot make the visit)."""
    booked = {c.team_id for c in day.visits if c.fixed and c.team_id is not None}
    renewed = 0
    for team in day.teams:
        if team.id not in booked or not team.on_duty(day.day):
            continue
        for member in team.members:
            if effective_skills(member, day.day) == frozenset(member.skills):
                continue
            for kind, years in CERTIFICATE_YEARS.items():
                issued = day.day - timedelta(days=30)
                renewed += conn.execute(update(t.certificates).where(
                    t.certificates.c.staff_id == member.id, t.certificates.c.kind == kind,
                    t.certificates.c.expires_on <= day.day).values(
                    issued_on=issued, expires_on=issued + timedelta(days=365 * years))).rowcount
    return renewed


def rebook(conn: Connection, day: BranchDay, params: RoutingParams) -> int:
    """A confirmed visit booked with a team that lacks a skill it needs goes to a team on
    duty that has them (or to whichever team dispatch sends); how many moved."""
    problem = build_problem(day, params)
    skills = {int(team.team_id): team.skills for team in problem.teams}
    moved = 0
    for c, v in zip(day.visits, problem.visits, strict=True):
        need = frozenset(s for s in v.skills if not s.startswith("team:"))
        if not c.fixed or c.team_id not in skills or need <= skills[c.team_id]:
            continue
        to = next((tid for tid, have in skills.items() if need <= have), None)
        conn.execute(update(t.appointments).where(
            t.appointments.c.id == c.appointment_id).values(team_id=to))
        moved += 1
    return moved


def _needed_skill(waiting: list[Any]) -> str:
    """The partner skill most of the waiting visits need (``wealth`` if none)."""
    counts = Counter(next((s for s in PARTNER_SKILLS if s in v.skills), "wealth")
                     for v in waiting)
    return counts.most_common(1)[0][0] if counts else "wealth"


def _scarcest(problem: RoutingProblem) -> str:
    """The partner skill with the most visits per team that has it."""
    def pressure(skill: str) -> float:
        need = sum(1 for v in problem.visits if skill in v.skills)
        have = sum(1 for team in problem.teams if skill in team.skills)
        return need / (have + 1)

    return max(PARTNER_SKILLS, key=pressure)


def _per_team(problem: RoutingProblem, skill: str) -> float:
    """Visits needing ``skill`` per team on duty that has it."""
    need = sum(1 for v in problem.visits if skill in v.skills)
    have = sum(1 for team in problem.teams if skill in team.skills)
    return need / have if have else float(need > 0) * 1e9


def _too_few(problem: RoutingProblem, matrix: TravelMatrix) -> int:
    """Teams missing for the estimated capacity to exceed the visits by the margin."""
    have = estimate(problem, matrix)
    per_team = have / max(1, len(problem.teams)) or 5.0
    return max(0, math.ceil((len(problem.visits) * MARGIN - have) / per_team))


def _shortfall(conn: Connection, day: BranchDay, params: RoutingParams,
               seed: int) -> tuple[int, str, int]:
    """Teams still to add to the branch-day, the skill the next one should bring, and the
    visits the planner left waiting (-1 when it was not run). A waiting visit booked with
    a team is released to any team that can make it."""
    problem = build_problem(day, params)
    if not problem.visits:
        return 0, "wealth", 0
    short = _too_few(problem, HaversineMatrix.from_params(params))
    if short:
        return short, _scarcest(problem), -1
    skill = _scarcest(problem)
    if _per_team(problem, skill) > SKILL_LOAD:
        return 1, skill, -1
    plan = solve_day(problem, params, seed).plan
    waiting = [v for v in problem.visits if v.id in {u.visit_id for u in plan.unassigned}]
    booked = [v for v in waiting if v.id.startswith("a")]
    for v in booked:
        conn.execute(update(t.appointments).where(
            t.appointments.c.id == int(v.id[1:])).values(team_id=None))
    flexible = [v for v in waiting if not v.id.startswith("a")]
    return math.ceil(len(flexible) / 3), _needed_skill(flexible), len(waiting)


def fit_today(loader: Inserter, ids: IdSequence, ref: Reference, seed: int = 0) -> Fit:
    """Size every branch's teams on duty to its backlog on the demo's day (see the module)."""
    cfg = loader.cfg
    params = replace(RoutingParams(), seconds=FIT_SECONDS)
    repo = DispatchRepository(loader.conn)
    rng = cfg.rng("day-teams")
    fit = Fit()
    for branch in ref.branches:
        fit.renewed += renew_booked(loader.conn, repo.branch_day(branch.id, cfg.as_of))
        fit.rebooked += rebook(loader.conn, repo.branch_day(branch.id, cfg.as_of), params)
        added, solves = 0, 0
        while added < MAX_ADDED and solves < MAX_SOLVES:
            day = repo.branch_day(branch.id, cfg.as_of)
            short, skill, left = _shortfall(loader.conn, day, params, seed)
            solves += left >= 0
            if left == 0:
                break
            for number in range(len(day.teams) + 1, len(day.teams) + 1 + min(
                    short, MAX_ADDED - added)):
                wf = day_team(rng, cfg, ids, ref.registry, loader.cipher, branch, number, skill)
                for table, rows in ((t.staff, wf.staff_rows),
                                    (t.certificates, wf.certificate_rows),
                                    (t.teams, wf.team_rows)):
                    loader.insert(table, rows)
                added += 1
        fit.added[branch.code] = added
    return fit
