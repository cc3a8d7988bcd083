"""Regression: every screening run of the demo bank lists its selections (200, not 500)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from doorstep.api.screening_schemas import reason_public
from doorstep.app import create_app
from doorstep.container import Container
from doorstep.demo.loader import load_demo
from tests.e2e.screening_bank import bearer


def test_every_demo_run_lists_its_selections(container: Container) -> None:
    """The selections of each demo run fit the response model, so the API answers 200."""
    load_demo(container.engine, customers=1200, seed=7, cipher=container.cipher)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        admin = bearer(client, "admin")
        runs = client.get("/api/v1/screening/runs", headers=admin)
        assert runs.status_code == 200, runs.text
        assert runs.json(), "the demo bank has screening runs"
        for run in runs.json():
            page = client.get(f"/api/v1/screening/runs/{run['id']}/selections",
                              headers=admin, params={"page_size": 500})
            assert page.status_code == 200, page.text
            assert all(item["reason_codes"] for item in page.json()["items"]
                       if item["outcome_group"] == "selected" and not item["manual_reason"])


def test_reason_stored_in_the_old_shape_is_read() -> None:
    """A reason stored as {"code", "text"} (older demo rows) still makes a response item."""
    r = reason_public({"code": "dpd", "text": "逾期"})
    assert (r.feature, r.text, r.contribution, r.value) == ("dpd", "逾期", 0.0, None)
