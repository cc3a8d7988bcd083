"""Seed data for the operations tests: cases with visits, evidence rows and files."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import insert

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t
from doorstep.visits.evidence.store import LocalFileStore
from tests import factories as f


def visit(c: Container, case_id: int, team_id: int, at: datetime) -> int:
    with c.engine.begin() as conn:
        return int(conn.execute(insert(t.visits).values(
            case_id=case_id, team_id=team_id, staff_present=[1, 2], findings="客户表示愿意还款",
            created_at=at)).inserted_primary_key[0])


def evidence(c: Container, case_id: int, visit_id: int | None, at: datetime,
             data: bytes = b"\x89PNG photo") -> tuple[int, str]:
    """An evidence row and its file in the container's evidence store."""
    key = LocalFileStore(c.settings.evidence_dir).put(f"case-{case_id}", ".png", data)
    with c.engine.begin() as conn:
        new_id = conn.execute(insert(t.evidence).values(
            visit_id=visit_id, case_id=case_id, kind="photo", filename="门牌.png",
            content_type="image/png", size=len(data), sha256=hashlib.sha256(data).hexdigest(),
            storage_key=key, uploaded_at=at, uploaded_by="field1")).inserted_primary_key[0]
    return int(new_id), key


def small_bank(c: Container) -> dict[str, Any]:
    """Two branches, customers, cases, a team, users, a visit with two evidence files."""
    ft = f.branch(c)
    ns = f.branch(c, "NS01", "南山支行")
    case = f.case(c, f.customer(c, ft, "张伟"), ft)
    case_ns = f.case(c, f.customer(c, ns, "李静"), ns, case_no="AJ2026110000002")
    team = f.team(c, ft)
    f.user(c, "admin1", Role.ADMIN)
    v = visit(c, case, team, datetime(2026, 10, 30, 2, 0))
    e1 = evidence(c, case, v, datetime(2026, 10, 30, 2, 5), b"photo-1")
    e2 = evidence(c, case, v, datetime(2026, 10, 30, 2, 6), "签名".encode() * 500)
    return {"case": case, "case_ns": case_ns, "team": team, "visit": v, "evidence": [e1, e2]}
