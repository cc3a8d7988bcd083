"""Fresh work for one load run on the demo bank: logins, cases to visit and to offer, surveys.

Every run inserts its own scheduled and assigned cases (new customers copied from the
branch), so ``--reuse`` never runs out of visitable cases and no write is refused because
an earlier run already used its target.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import cycle
from typing import Any

import httpx
from sqlalchemy import insert, select, text

from doorstep.auth.service import CreateUser, create_user
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.clock import BANK_TZ
from doorstep.core.settings import Settings
from doorstep.store import tables as t

PASSWORD = "Bench!2026x"
TEAMS_PER_BRANCH = 2
MAX_PER_TEAM_DAY = 4


@dataclass
class FieldUser:
    token: str
    team_id: int
    branch_id: int
    members: tuple[int, int]
    home: tuple[float, float]
    cases: list[int] = field(default_factory=list)


@dataclass
class Dispatcher:
    token: str
    branch_id: int
    cases: list[int]


@dataclass
class Work:
    field: list[FieldUser]
    dispatchers: list[Dispatcher]
    visit_cases: list[tuple[FieldUser, int]]
    offers: list[tuple[str, int, int, str]]
    surveys: list[str]
    survey_pages: list[str]


def _users(c: Container) -> tuple[list[Any], dict[int, str]]:
    """Bench logins: one field officer per team (two teams a branch), one dispatcher a branch."""
    with c.engine.connect() as conn:
        branches = {r.id: r.code for r in conn.execute(select(t.branches.c.id, t.branches.c.code))}
        teams = conn.execute(select(t.teams).where(t.teams.c.active).order_by(t.teams.c.id)).all()
        existing = set(conn.execute(select(t.users.c.username)).scalars())
    per_branch: dict[int, list[Any]] = {}
    for team in teams:
        per_branch.setdefault(team.branch_id, []).append(team)
    chosen = [tm for ts in per_branch.values() for tm in ts[:TEAMS_PER_BRANCH]]
    wanted = [CreateUser(f"lf{tm.id}", f"压测外访{tm.id}", PASSWORD, Role.FIELD_STAFF,
                         branch_code=branches[tm.branch_id], staff_id=tm.member_a_id)
              for tm in chosen]
    wanted += [CreateUser(f"ld{b}", f"压测调度{b}", PASSWORD, Role.DISPATCHER, branch_code=code)
               for b, code in branches.items()]
    for cmd in wanted:
        if cmd.username not in existing:
            with c.uow() as uow:
                create_user(uow, cmd, "bench")
                uow.commit()
    return chosen, branches


def _login(client: httpx.Client, username: str) -> str:
    r = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    r.raise_for_status()
    return str(r.json()["access_token"])


def _new_cases(conn: Any, tag: str, branch_id: int, team_id: int, state: str, n: int,
               start: int) -> list[int]:
    """``n`` cases in ``state`` owned by ``team_id``, each for a new customer of the branch."""
    cust = conn.execute(select(t.customers).where(
        t.customers.c.branch_id == branch_id, ~t.customers.c.do_not_visit,
        ~t.customers.c.under_regulator_complaint).limit(1)).one()._asdict()
    cust.pop("id")
    nos = [f"L{tag}{start + i:07d}" for i in range(n)]
    conn.execute(insert(t.customers), [{**cust, "customer_no": no} for no in nos])
    ids = dict(conn.execute(select(t.customers.c.customer_no, t.customers.c.id).where(
        t.customers.c.customer_no.in_(nos))).all())
    now = datetime.utcnow()
    conn.execute(insert(t.cases), [dict(
        case_no=no, customer_id=ids[no], branch_id=branch_id, case_type="overdue_debt",
        business_line="loan", state=state, priority=2, overdue_amount=3000,
        amount_at_stake=12000, owner_team_id=team_id, opened_at=now, updated_at=now,
        version=1, failed_attempts=0, summary="压测案件") for no in nos])
    return list(conn.execute(select(t.cases.c.id).where(t.cases.c.case_no.in_(nos))
                             .order_by(t.cases.c.id)).scalars())


def _team_days(c: Container, team_ids: list[int], today: date) -> list[tuple[int, str]]:
    """(team, day) offer targets over the next 90 days, as many as each day has room for
    (earlier runs' offers count: a team-day holding MAX_PER_TEAM_DAY gets no more)."""
    lo, hi = today + timedelta(days=2), today + timedelta(days=90)
    with c.engine.connect() as conn:
        taken = {(r.team_id, r.day): r.n for r in conn.execute(text(
            "SELECT team_id, CAST(slot_start + interval '8 hours' AS date) AS day, "
            "count(*) AS n FROM appointments WHERE slot_start BETWEEN :lo AND :hi "
            "GROUP BY 1, 2"), {"lo": lo, "hi": hi + timedelta(days=1)})}
    out = []
    with c.uow(write=False) as uow:
        for team_id in team_ids:
            team = uow.teams.get(team_id)
            for d in (lo + timedelta(days=i) for i in range((hi - lo).days)):
                if team.on_duty(d):
                    room = MAX_PER_TEAM_DAY - taken.get((team_id, d), 0)
                    out += [(team_id, d.isoformat())] * max(room, 0)
    return out


def prepare(url: str, base: str, n_visits: int, n_offers: int, n_surveys: int) -> Work:
    """Logins and this run's targets; everything inserted in one transaction per kind."""
    c = Container.build(Settings(database_url=url))
    teams, _ = _users(c)
    tag = f"{int(time.time()) % 100000:05d}"
    today = datetime.now(BANK_TZ).date()
    with httpx.Client(base_url=base, timeout=30) as client:
        users = [FieldUser(_login(client, f"lf{tm.id}"), tm.id, tm.branch_id,
                           (tm.member_a_id, tm.member_b_id), (22.54, 114.06)) for tm in teams]
        branch_ids = sorted({tm.branch_id for tm in teams})
        d_tokens = {b: _login(client, f"ld{b}") for b in branch_ids}
    visit_cases: list[tuple[FieldUser, int]] = []
    per_user = n_visits // len(users) + 1
    offer_slots = _team_days(c, [tm.id for tm in teams], today)
    random.Random(2).shuffle(offer_slots)
    team_branch = {tm.id: tm.branch_id for tm in teams}
    with c.engine.begin() as conn:
        for i, u in enumerate(users):
            u.cases = _new_cases(conn, tag, u.branch_id, u.team_id, "scheduled", per_user,
                                 i * per_user)
            point = conn.execute(select(t.customers.c.lat, t.customers.c.lon).join(
                t.cases, t.cases.c.customer_id == t.customers.c.id).where(
                t.cases.c.id == u.cases[0])).one()
            u.home = (float(point.lat), float(point.lon))
            visit_cases += [(u, cid) for cid in u.cases]
        offers = []
        by_team: dict[int, int] = {}
        for team_id, _day in offer_slots[:n_offers]:
            by_team[team_id] = by_team.get(team_id, 0) + 1
        start = len(users) * per_user
        made: dict[int, list[int]] = {}
        for team_id, k in by_team.items():
            made[team_id] = _new_cases(conn, tag, team_branch[team_id], team_id, "assigned", k,
                                       start)
            start += k
        for team_id, day in offer_slots[:n_offers]:
            offers.append((d_tokens[team_branch[team_id]], made[team_id].pop(), team_id, day))
        tokens = [secrets.token_urlsafe(24) for _ in range(n_surveys + 50)]
        cases = cycle([cid for _, cid in visit_cases])
        conn.execute(insert(t.surveys), [
            {"case_id": next(cases), "visit_id": None, "sent_at": datetime.utcnow(),
             "token_hash": hashlib.sha256(tok.encode()).hexdigest()} for tok in tokens])
        dispatchers = []
        for b in branch_ids:
            ids = list(conn.execute(text(
                "SELECT id FROM cases WHERE branch_id = :b ORDER BY id LIMIT 300"),
                {"b": b}).scalars())
            dispatchers.append(Dispatcher(d_tokens[b], b, ids))
    c.engine.dispose()
    shuffle = random.Random(1).shuffle
    shuffle(visit_cases)
    shuffle(offers)
    return Work(users, dispatchers, visit_cases, offers, tokens[:n_surveys], tokens[n_surveys:])
