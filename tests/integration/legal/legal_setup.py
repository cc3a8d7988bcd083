"""Seed data for the legal tests: an escalated case with an account, repayments, a visit,
confirmed contacts and an evidence file really stored in the evidence file store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t
from doorstep.visits.records.config import file_store
from tests import factories as f

PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
PDF = b"%PDF-1.4\n% signed mediation agreement\n%%EOF\n"
CONTACT_1 = datetime(2026, 9, 1, 3, 0)
CONTACT_2 = datetime(2026, 10, 20, 3, 0)


@dataclass(frozen=True)
class Seeded:
    case_id: int
    customer_id: int
    branch_id: int
    evidence_key: str


def _insert(c: Container, table: Any, **values: Any) -> int:
    with c.engine.begin() as conn:
        return int(conn.execute(insert(table).values(**values)).inserted_primary_key[0])


def escalated_case(c: Container, branch_id: int, customer_id: int, team_id: int,
                   case_no: str = "AJ2026110000101", line: str = "credit_card",
                   contacts: tuple[datetime, ...] = (CONTACT_1, CONTACT_2)) -> Seeded:
    """An escalated case of ``line`` with one refused visit and a stored photo."""
    account = _insert(c, t.accounts, customer_id=customer_id,
                      account_no=f"62220000{case_no[-6:]}", business_line=line,
                      product="标准信用卡" if line == "credit_card" else "个人消费贷款",
                      opened_on=date(2021, 3, 1), balance=Decimal("15000.00"),
                      credit_limit=Decimal("20000"), days_past_due=90,
                      overdue_amount=Decimal("12000.00"))
    for i, month in enumerate((date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1))):
        _insert(c, t.repayments, account_id=account, month=month, amount_due=Decimal("4000"),
                amount_paid=Decimal("0"), days_past_due=30 * (i + 1), promise_broken=i == 1)
    case_id = f.case(c, customer_id, branch_id, state="escalated", case_no=case_no,
                     case_type="overdue_debt", business_line=line, account_id=account,
                     summary="信用卡逾期欠款纠纷，客户对利息计算有异议", owner_team_id=team_id)
    visit = _insert(c, t.visits, case_id=case_id, team_id=team_id,
                    check_in_at=datetime(2026, 10, 20, 3, 0),
                    check_out_at=datetime(2026, 10, 20, 3, 40), staff_present=[],
                    findings="客户承认欠款但称收入下降", customer_account="客户称失业三个月",
                    outcome="refused", created_at=datetime(2026, 10, 20, 4, 0))
    key = file_store(c.settings).put(f"case-{case_id}", ".jpeg", PHOTO)
    _insert(c, t.evidence, visit_id=visit, case_id=case_id, kind="photo",
            filename="门口照片.jpg", content_type="image/jpeg", size=len(PHOTO),
            sha256=hashlib.sha256(PHOTO).hexdigest(), storage_key=key,
            uploaded_at=datetime(2026, 10, 20, 4, 0), uploaded_by="field")
    for at in contacts:
        _insert(c, t.contacts, case_id=case_id, channel="visit", at=at, outcome="refused",
                confirmed=True, proof="signed_note")
    return Seeded(case_id, customer_id, branch_id, key)


def legal_world(c: Container) -> dict[str, Any]:
    """Two branches, a legal officer at head office and one scoped to 福田, two cases."""
    ft = f.branch(c)
    ns = f.branch(c, "NS01", "南山支行")
    team = f.team(c, ft)
    team_ns = f.team(c, ns, size=3)
    card = escalated_case(c, ft, f.customer(c, ft, "张伟"), team)
    short = escalated_case(c, ft, f.customer(c, ft, "王芳"), team, "AJ2026110000102",
                           contacts=(CONTACT_2, CONTACT_2 + timedelta(days=5)))
    other = escalated_case(c, ns, f.customer(c, ns, "李静"), team_ns, "AJ2026110000103",
                           line="loan")
    for name, role, code in (("legal", Role.LEGAL_OFFICER, None),
                             ("legal_ft", Role.LEGAL_OFFICER, "FT01"),
                             ("dispatcher", Role.DISPATCHER, "FT01")):
        f.user(c, name, role, code)
    return {"card": card, "short": short, "other": other, "ft": ft, "ns": ns}
