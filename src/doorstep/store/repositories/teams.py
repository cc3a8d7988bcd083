"""Staff, certificates and teams in the database, read as ``teams.model`` values."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select

from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.store.tables import branches, certificates, staff, teams
from doorstep.teams.model import Certificate, StaffMember, Team, works_on
from doorstep.teams.ports import Branch


def _pk(result: Any) -> int:
    """The new row's id."""
    return int(result.inserted_primary_key[0])


class TeamRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _certs(self, staff_ids: list[int]) -> dict[int, list[Certificate]]:
        out: dict[int, list[Certificate]] = {}
        if not staff_ids:
            return out
        rows = self.conn.execute(select(certificates).where(
            certificates.c.staff_id.in_(staff_ids)).order_by(certificates.c.id))
        for r in rows:
            out.setdefault(r.staff_id, []).append(Certificate(r.kind, r.expires_on))
        return out

    def _members(self, rows: list[Any]) -> list[StaffMember]:
        certs = self._certs([r.id for r in rows])
        return [StaffMember(
            id=r.id, staff_no=r.staff_no, name=r.name, role=r.role, skills=frozenset(r.skills),
            branch_id=r.branch_id, home_lat=r.home_lat, home_lon=r.home_lon,
            shift_start=r.shift_start, shift_end=r.shift_end, weekdays=tuple(r.weekdays),
            certificates=tuple(certs.get(r.id, ())), active=r.active) for r in rows]

    def staff_of_branch(self, branch_id: int | None) -> list[StaffMember]:
        q = select(staff).order_by(staff.c.branch_id, staff.c.staff_no)
        if branch_id is not None:
            q = q.where(staff.c.branch_id == branch_id)
        return self._members(list(self.conn.execute(q)))

    def staff_by_ids(self, ids: list[int]) -> dict[int, StaffMember]:
        rows = list(self.conn.execute(select(staff).where(staff.c.id.in_(ids))))
        return {m.id: m for m in self._members(rows)}

    def teams_of_branch(self, branch_id: int | None, *, active_only: bool = True) -> list[Team]:
        q = select(teams).order_by(teams.c.id)
        if branch_id is not None:
            q = q.where(teams.c.branch_id == branch_id)
        if active_only:
            q = q.where(teams.c.active.is_(True))
        rows = list(self.conn.execute(q))
        people = self.staff_by_ids([m for r in rows for m in (r.member_a_id, r.member_b_id)])
        return [Team(r.id, r.name, r.branch_id, (people[r.member_a_id], people[r.member_b_id]),
                     r.active) for r in rows]

    def on_duty_count(self, branch_id: int, day: date) -> int:
        """How many of the branch's active teams have both members working on ``day`` (what
        ``Team.on_duty`` says, read in one query without loading skills or certificates)."""
        a, b = staff.alias("a"), staff.alias("b")
        rows = self.conn.execute(
            select(a.c.active, a.c.weekdays, b.c.active, b.c.weekdays)
            .select_from(teams).join(a, a.c.id == teams.c.member_a_id)
            .join(b, b.c.id == teams.c.member_b_id)
            .where(teams.c.branch_id == branch_id, teams.c.active.is_(True)))
        return sum(1 for r in rows if works_on(r[0], r[1], day) and works_on(r[2], r[3], day))

    def get(self, team_id: int) -> Team:
        row = self.conn.execute(select(teams).where(teams.c.id == team_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Team")), id=team_id)
        people = self.staff_by_ids([row.member_a_id, row.member_b_id])
        return Team(row.id, row.name, row.branch_id,
                    (people[row.member_a_id], people[row.member_b_id]), row.active)

    def add(self, name: str, branch_id: int, a: int, b: int, formed_on: date) -> int:
        result = self.conn.execute(insert(teams).values(
            name=name, branch_id=branch_id, member_a_id=a, member_b_id=b, formed_on=formed_on,
            active=True))
        return _pk(result)

    def branch_id_by_code(self, code: str) -> int:
        found = self.conn.execute(select(branches.c.id).where(branches.c.code == code)).scalar()
        if found is None:
            raise NotFound(entity=Msg(N_("Branch")), id=code)
        return int(found)

    def branch(self, branch_id: int) -> Branch:
        row = self.conn.execute(select(branches).where(branches.c.id == branch_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Branch")), id=branch_id)
        return Branch(**row._mapping)
