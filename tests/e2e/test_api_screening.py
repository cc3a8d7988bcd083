"""Screening API: run → explained list → manual edit → approval → cases; access and 404."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from doorstep.container import Container
from doorstep.store.tables import cases
from tests.e2e.conftest import token_for
from tests.e2e.screening_bank import AS_OF, PLAN, bank_client, bearer

__all__ = ["bank_client"]
API = "/api/v1/screening"


def test_run_explains_edits_and_approves_into_cases(bank_client: TestClient,
                                                   container: Container) -> None:
    """A run lists customers with reason codes and rules; a removal needs a reason; approval
    turns exactly the selected entries into approved cases and freezes the list."""
    client, analyst, manager = bank_client, bearer(bank_client, "analyst"), bearer(
        bank_client, "manager")
    strategies = client.get(f"{API}/strategies", headers=analyst).json()
    assert strategies[0]["rule_sets"] and 0 < strategies[0]["model"]["auc"] <= 1
    r = client.post(f"{API}/runs", headers=analyst,
                    json={"plan_id": PLAN, "seed": 7, "as_of": AS_OF.isoformat()})
    assert r.status_code == 202, r.text
    job = client.get(r.headers["Location"], headers=analyst).json()
    assert job["state"] == "done" and job["progress"] == 1.0, job
    run = client.get(job["result_url"], headers=analyst).json()
    assert run["status"] == "draft" and run["counts"]["selected"] > 1
    assert run["counts"]["holdout"] > 0
    page = client.get(f"{API}/runs/{run['id']}/selections", headers=analyst,
                      params={"group": "selected", "page_size": 5}).json()
    assert page["total"] == run["counts"]["selected"] and len(page["items"]) == 5
    first = page["items"][0]
    assert first["rank"] == 1 and first["matched_rules"] and first["reason_codes"]
    assert all(rc["text"] and rc["increases_risk"] for rc in first["reason_codes"])
    assert first["risk"] > 0 and first["expected_benefit"] > 0
    body = {"customer_id": first["customer_id"], "reason": "客户已结清欠款"}
    short = client.post(f"{API}/runs/{run['id']}/remove", headers=analyst,
                        json=body | {"reason": "无"})
    assert short.status_code == 422 and "理由" in short.json()["error"]["message"]
    removed = client.post(f"{API}/runs/{run['id']}/remove", headers=analyst, json=body).json()
    assert removed["counts"]["removed"] == 1
    approved = client.post(f"{API}/runs/{run['id']}/approve", headers=manager, json={}).json()
    assert approved["run"]["status"] == "approved" and approved["run"]["approved_by"] == "manager"
    assert len(approved["case_ids"]) == run["counts"]["selected"] - 1
    with container.engine.connect() as conn:
        states = set(conn.execute(select(cases.c.state).where(
            cases.c.id.in_(approved["case_ids"]))).scalars())
    assert states == {"approved"}
    again = client.post(f"{API}/runs/{run['id']}/approve", headers=manager, json={})
    assert again.status_code == 409 and "已审批" in again.json()["error"]["message"]


def test_dispatcher_is_refused_and_unknown_run_is_404(client: TestClient) -> None:
    """A dispatcher may not read or run screening (403); an unknown run is 'not found'."""
    dispatcher, analyst = token_for(client, "dispatcher"), token_for(client, "analyst")
    assert client.get(f"{API}/strategies", headers=dispatcher).status_code == 403
    r = client.post(f"{API}/runs", headers=dispatcher, json={"plan_id": 1})
    assert r.status_code == 403
    missing = client.get(f"{API}/runs/999999", headers=analyst)
    assert missing.status_code == 404 and "筛选批次" in missing.json()["error"]["message"]
    r = client.get(f"{API}/runs/999999/selections", headers=analyst)
    assert r.status_code == 404
