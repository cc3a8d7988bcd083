"""Improvement API: retrain (idempotent), candidates with PSI, promotion by approvers only,
and the period review."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from doorstep.app import create_app
from doorstep.container import Container
from tests.e2e.screening_bank import bearer
from tests.integration.improvement.bank import AS_OF, prepare_improvement_bank

API = "/api/v1/improvement"


@pytest.fixture
def bank(container: Container) -> Iterator[TestClient]:
    """The app over a demo bank with a current model."""
    prepare_improvement_bank(container)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client


def test_retrain_compare_and_promote_through_the_api(bank: TestClient) -> None:
    """An analyst retrains (a rerun returns the same candidate), an auditor may read but not
    promote, a manager promotes with a reason, and a second decision is a conflict."""
    analyst, auditor, manager = (bearer(bank, u) for u in ("analyst", "auditor", "manager"))
    body = {"as_of": AS_OF.isoformat(), "seed": 7}
    r = bank.post(f"{API}/retrain", headers=analyst, json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["created"] and made["decision"] == "pending" and made["champion_metrics"]
    assert 0.5 < made["candidate_metrics"]["auc"] <= 1 and len(made["drift"]) >= 10
    again = bank.post(f"{API}/retrain", headers=analyst, json=body).json()
    assert again["id"] == made["id"] and again["created"] is False
    listed = bank.get(f"{API}/candidates", headers=auditor)
    assert listed.status_code == 200 and [c["id"] for c in listed.json()] == [made["id"]]
    decision = {"approve": True, "reason": "留出期表现更好"}
    url = f"{API}/candidates/{made['id']}/decision"
    assert bank.post(url, headers=auditor, json=decision).status_code == 403
    assert bank.post(url, headers=manager, json={"approve": True, "reason": ""}).status_code == 422
    done = bank.post(url, headers=manager, json=decision)
    assert done.status_code == 200 and done.json()["decision"] == "promoted"
    assert bank.post(url, headers=manager, json=decision).status_code == 409
    assert bank.get(f"{API}/candidates/999", headers=manager).status_code == 404


def test_review_reports_kpis_and_recommendations(bank: TestClient) -> None:
    """The review gives both periods' KPIs and recommendations; a dispatcher may not read it."""
    r = bank.get(f"{API}/review", headers=bearer(bank, "manager"),
                 params={"end": AS_OF.isoformat(), "days": 30})
    assert r.status_code == 200, r.text
    review = r.json()
    assert review["period_start"] == "2026-11-01" and review["previous_end"] == "2026-10-31"
    assert {k["name"] for k in review["kpis"]} >= {"visits_done", "csat", "escalation_rate",
                                                 "regulator_complaints"}
    assert all(s["reasons"] for s in review["staff_to_train"])
    assert bank.get(f"{API}/review", headers=bearer(bank, "dispatcher")).status_code == 403
