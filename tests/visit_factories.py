"""Seeds for visit tests: a scheduled case with a team of two, an appointment, field users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, update

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.store import tables as t
from tests import factories as f

CHECK_IN = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)  # 09:30 in Shenzhen
CHECK_OUT = CHECK_IN + timedelta(minutes=25)
HOME = (22.54, 114.06)


@dataclass(frozen=True)
class Field:
    branch: int
    team: int
    members: tuple[int, int]
    case: int
    appointment: int
    other_team: int


def _insert(c: Container, table: Any, **values: Any) -> int:
    with c.engine.begin() as conn:
        return int(conn.execute(insert(table).values(**values)).inserted_primary_key[0])


def link_user(c: Container, username: str, role: Role, staff_id: int | None) -> None:
    f.user(c, username, role, "FT01")
    with c.engine.begin() as conn:
        conn.execute(update(t.users).where(t.users.c.username == username)
                     .values(staff_id=staff_id))


def scheduled_case(c: Container, branch: int, team: int, n: int,
                   slot: datetime = CHECK_IN, **kw: Any) -> tuple[int, int]:
    """A scheduled case of ``team`` with a confirmed appointment; (case id, appointment id)."""
    customer = f.customer(c, branch, f"客户{n}", customer_no=f"C{n:010d}")
    # Nothing owed by default, so an explained/fixed outcome may resolve it (RESOLVE guard).
    kw.setdefault("overdue_amount", Decimal("0"))
    case = f.case(c, customer, branch, state="scheduled", case_no=f"AJ2026{n:09d}",
                  owner_team_id=team, **kw)
    appt = _insert(c, t.appointments, case_id=case, team_id=team,
                   slot_start=slot.replace(tzinfo=None),
                   slot_end=(slot + timedelta(hours=1)).replace(tzinfo=None), state="confirmed",
                   created_at=f.NOW)
    return case, appt


def confirm_presence(c: Container, staff_id: int, case: int, appointment: int | None,
                     username: str = "field2") -> None:
    """``staff_id`` confirms presence at the door from their own phone (as the API does)."""
    from doorstep.visits.records import door
    from doorstep.visits.records.config import field_params
    from doorstep.visits.records.field import CheckIn

    who = Principal(user_id=0, username=username, role=Role.FIELD_STAFF, branch_id=None,
                    staff_id=staff_id)
    with c.uow() as uow:
        door.confirm_presence(uow, who, CheckIn(case, appointment, HOME[0], HOME[1]),
                              field_params(c.settings))
        uow.commit()


def field_setup(c: Container, confirmed: bool = True) -> Field:
    """Branch 福田, team 1 (users field1/field2), team 2 (field3), one scheduled case;
    field2 has confirmed presence for it from their phone unless ``confirmed`` is False."""
    branch = f.branch(c)
    team = f.team(c, branch)
    other = f.team(c, branch, size=3)
    with c.engine.begin() as conn:
        row = conn.execute(t.teams.select().where(t.teams.c.id == team)).one()
        other_row = conn.execute(t.teams.select().where(t.teams.c.id == other)).one()
    link_user(c, "field1", Role.FIELD_STAFF, row.member_a_id)
    link_user(c, "field2", Role.FIELD_STAFF, row.member_b_id)
    link_user(c, "field3", Role.FIELD_STAFF, other_row.member_a_id)
    f.user(c, "manager", Role.PROGRAMME_MANAGER)
    case, appt = scheduled_case(c, branch, team, 1)
    if confirmed:
        confirm_presence(c, row.member_b_id, case, appt)
    return Field(branch, team, (row.member_a_id, row.member_b_id), case, appt, other)


def record(fx: Field, key: str = "key-0001-abcdef", case: int | None = None,
           appointment: int | None = None, **kw: Any) -> dict[str, Any]:
    """A valid visit record (JSON body) for the API, overridable field by field."""
    body: dict[str, Any] = {
        "idempotency_key": key, "case_id": case or fx.case,
        "appointment_id": appointment or fx.appointment,
        "check_in_at": CHECK_IN.isoformat(), "check_out_at": CHECK_OUT.isoformat(),
        "check_in_lat": HOME[0] + 0.001, "check_in_lon": HOME[1],
        "staff_present": list(fx.members), "outcome": "resolved_explained",
        "findings": "客户对罚息计算有疑问，已当面解释", "customer_account": "以为已按时还款",
        "customer_suggestions": "希望短信提醒", "inside_home": True, "consent_to_enter": True,
        "signed_note": "本人确认以上记录属实 张伟"}
    body.update(kw)
    return body


def plan(first: date = date(2026, 11, 15), n: int = 3, amount: str = "4000.00") -> dict[str, Any]:
    return {"instalments": [{"due_on": (first + timedelta(days=30 * i)).isoformat(),
                             "amount": amount} for i in range(n)]}
