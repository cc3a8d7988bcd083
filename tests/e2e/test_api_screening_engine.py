"""The Spark master and snapshot location come from the server's settings only: a client can
name an engine, never a master, a folder or a bucket."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.store.tables_screening import screening_runs
from tests.e2e.screening_bank import AS_OF, PLAN, bank_client, bearer

__all__ = ["bank_client"]
API = "/api/v1/screening"


def _runs(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(screening_runs)).scalar_one())


def test_client_cannot_choose_master_or_snapshot_location(bank_client: TestClient,
                                                          container: Container) -> None:
    """Field staff may not run screening (403); an analyst who sends a Spark master, a
    snapshot folder or a master URL as the engine gets 422 naming the field; no run is stored."""
    field, analyst = bearer(bank_client, "field1"), bearer(bank_client, "analyst")
    before = _runs(container)
    body = {"plan_id": PLAN, "seed": 7, "as_of": AS_OF.isoformat()}
    r = bank_client.post(f"{API}/runs", headers=field, json=body)
    assert r.status_code == 403, r.text
    for field_name, extra in (
            ("engine", {"engine": "spark://attacker.example:7077"}),
            ("spark_master", {"engine": "spark", "spark_master": "spark://attacker.example:7077"}),
            ("snapshot_dir", {"snapshot_dir": "/etc"})):
        r = bank_client.post(f"{API}/runs", headers=analyst, json=body | extra)
        assert r.status_code == 422, r.text
        assert [f["field"] for f in r.json()["error"]["fields"]] == [field_name]
    assert _runs(container) == before
