"""Holdout lock through the API: a held-out customer cannot be opened a case by hand until
their window closes; a lift needs a reason, a manager's request and another's decision."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t
from doorstep.store.tables_evaluation import holdout_lock_lifts
from tests import factories as f
from tests.e2e.conftest import token_for
from tests.integration.evaluation.known_bank import build, screening

OPEN = {"case_type": "loan_dispute", "business_line": "loan", "summary": "客户来电要求上门"}


@pytest.fixture
def held(client: TestClient, container: Container, seeded: dict[str, int]) -> dict[str, Any]:
    ids = build(container, seeded["ft"], seeded["ns"], seeded["team"])
    customer = ids["customers"][6]  # type: ignore[index]
    screening(container, ids["plan"], [], [customer])  # approved 2026-09-20, clock 11-02
    f.user(container, "pm2", Role.PROGRAMME_MANAGER)
    return {**ids, "held": customer}


def _count(container: Container, table: Any) -> int:
    with container.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_hand_opened_case_for_a_held_out_customer_is_refused(
        client: TestClient, container: Container, held: dict[str, Any]) -> None:
    """Opening a case for a locked holdout customer is a 409 naming the lock; nothing written."""
    before = _count(container, t.cases)
    r = client.post("/api/v1/cases", headers=token_for(client, "programme_manager"),
                    json={"customer_id": held["held"], **OPEN})
    assert r.status_code == 409 and r.json()["error"]["code"] == "evaluation.holdout_locked"
    assert "2026-12-19" in r.json()["error"]["message"]
    assert _count(container, t.cases) == before


def test_analyst_cannot_request_a_lift(client: TestClient, container: Container,
                                       held: dict[str, Any]) -> None:
    """Attacker: an analyst (may screen, not manage plans) gets 403 and no request is stored."""
    r = client.post("/api/v1/evaluation/holdout-lifts", headers=token_for(client, "analyst"),
                    json={"customer_id": held["held"], "reason": "客户主动要求上门沟通"})
    assert r.status_code == 403
    assert _count(container, holdout_lock_lifts) == 0


def test_lift_needs_another_manager_then_counts_as_contamination(
        client: TestClient, container: Container, held: dict[str, Any]) -> None:
    """The requester cannot approve their own lift; another manager can, after which the case
    opens and the effect page reports one lifted holdout customer."""
    pm, pm2 = token_for(client, "programme_manager"), token_for(client, "pm2")
    short = client.post("/api/v1/evaluation/holdout-lifts", headers=pm,
                        json={"customer_id": held["held"], "reason": "急"})
    assert short.status_code == 422 and _count(container, holdout_lock_lifts) == 0
    made = client.post("/api/v1/evaluation/holdout-lifts", headers=pm,
                       json={"customer_id": held["held"], "reason": "客户主动要求上门沟通"})
    assert made.status_code == 201, made.text
    lift = made.json()["id"]
    own = client.post(f"/api/v1/evaluation/holdout-lifts/{lift}/decision", headers=pm,
                      json={"approve": True})
    assert own.status_code == 403 and own.json()["error"]["code"] == "evaluation.lift_self"
    ok = client.post(f"/api/v1/evaluation/holdout-lifts/{lift}/decision", headers=pm2,
                     json={"approve": True, "note": "同意"})
    assert ok.status_code == 200
    again = client.post(f"/api/v1/evaluation/holdout-lifts/{lift}/decision", headers=pm2,
                        json={"approve": False})
    assert again.status_code == 409
    opened = client.post("/api/v1/cases", headers=pm, json={"customer_id": held["held"], **OPEN})
    assert opened.status_code == 201, opened.text
    effect = client.get(f"/api/v1/evaluation/plans/{held['plan']}/effect", headers=pm).json()
    assert effect["lifted"] == 1 and any("对照组受到污染" in c for c in effect["caveats"])
    with container.engine.connect() as conn:
        actions = set(conn.execute(select(t.audit_events.c.action)).scalars())
    assert {"holdout.lift_requested", "holdout.lift_approved"} <= actions
