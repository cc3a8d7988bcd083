"""Seed factories for integration and e2e tests: small, explicit, through real tables."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from doorstep.auth.service import CreateUser, create_user
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t

PASSWORD = "Doorstep!2026"
NOW = datetime(2026, 11, 2, 2, 0)


def _insert(c: Container, table: Any, **values: Any) -> int:
    with c.engine.begin() as conn:
        return int(conn.execute(insert(table).values(**values)).inserted_primary_key[0])


def branch(c: Container, code: str = "FT01", name: str = "福田支行") -> int:
    return _insert(c, t.branches, code=code, name=name, district="福田区",
                   address="深圳市福田区深南大道1号", lat=22.54, lon=114.05)


def customer(c: Container, branch_id: int, name: str = "张伟", **kw: Any) -> int:
    ci = c.cipher
    values: dict[str, Any] = dict(
        customer_no=f"C{branch_id:02d}{abs(hash(name)) % 10**8:08d}", name=name, gender="M",
        birth_year=1985, national_id_enc=ci.seal("440301198501011234"),
        national_id_index=ci.blind_index("440301198501011234"),
        phone_enc=ci.seal("13812345678"), phone_index=ci.blind_index("13812345678"),
        address_enc=ci.seal("广东省深圳市福田区福华路8号3栋501"), district="福田区",
        lat=22.54, lon=114.06, branch_id=branch_id, created_at=NOW)
    values.update(kw)
    return _insert(c, t.customers, **values)


def staff(c: Container, branch_id: int, staff_no: str, name: str) -> int:
    return _insert(c, t.staff, staff_no=staff_no, name=name, role="customer_manager",
                   skills=["loans"], branch_id=branch_id, phone_enc=c.cipher.seal("13900000000"),
                   home_lat=22.55, home_lon=114.05, shift_start=time(9), shift_end=time(18),
                   weekdays=[1, 2, 3, 4, 5])


def team(c: Container, branch_id: int, size: int = 2) -> int:
    a = staff(c, branch_id, f"S{branch_id}A{size}", "王强")
    b = staff(c, branch_id, f"S{branch_id}B{size}", "李娜")
    return _insert(c, t.teams, name="福田一组", branch_id=branch_id, member_a_id=a,
                   member_b_id=b, formed_on=date(2026, 1, 1))


def case(c: Container, customer_id: int, branch_id: int, state: str = "screened",
         case_no: str = "AJ2026110000001", **kw: Any) -> int:
    values: dict[str, Any] = dict(
        case_no=case_no, customer_id=customer_id, branch_id=branch_id,
        case_type="overdue_debt", business_line="loan", state=state, priority=2,
        overdue_amount=Decimal("12000.00"), amount_at_stake=Decimal("80000.00"),
        opened_at=NOW, sla_due=datetime(2026, 11, 30), updated_at=NOW, version=1)
    values.update(kw)
    return _insert(c, t.cases, **values)


def user(c: Container, username: str, role: Role, branch_code: str | None = None) -> int:
    with c.uow() as uow:
        done = create_user(uow, CreateUser(username=username, display_name=username,
                                           password=PASSWORD, role=role,
                                           branch_code=branch_code), "system:test")
        uow.commit()
        return done


def principal(c: Container, username: str) -> Any:
    from doorstep.auth.service import principal_of

    with c.uow(write=False) as uow:
        return principal_of(uow.users.by_username(username))
