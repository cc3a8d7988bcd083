"""The timers job runs only on the schedule: nobody starts it (and its staff messages)
through the API, and a refused start writes no job and no outbox message."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from doorstep.container import Container
from tests.e2e.conftest import token_for


def test_field_staff_cannot_start_the_timers_and_nothing_is_written(
        client: TestClient, container: Container) -> None:
    """The least-privileged role asking for the scheduled-only timers job gets a 4xx with a
    message and no job or outbox row is stored."""
    field = token_for(client, "field_staff")
    r = client.post("/api/v1/jobs", headers=field, json={"kind": "timers"})
    assert 400 <= r.status_code < 500 and r.json()["error"]["message"]
    manager = token_for(client, "programme_manager")
    r = client.post("/api/v1/jobs", headers=manager, json={"kind": "timers"})
    assert r.status_code == 422 and r.json()["error"]["message"]
    with container.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM jobs")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar_one() == 0
