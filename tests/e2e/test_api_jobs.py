"""Jobs through the API: 202 + Location, followed only by their starter, refused without
the operation's permission (nothing stored), errors in the caller's language, /metrics."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from doorstep.container import Container
from tests.e2e.conftest import token_for


def _jobs(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM jobs")).scalar_one())


def test_a_long_operation_answers_202_and_is_followed_at_its_location(
        client: TestClient, container: Container) -> None:
    """Starting a KPI refresh answers 202 with Location; the job reads done with progress 1."""
    manager = token_for(client, "programme_manager")
    r = client.post("/api/v1/jobs", headers=manager, json={"kind": "evaluation.refresh"})
    assert r.status_code == 202 and r.headers["Location"] == f"/api/v1/jobs/{r.json()['id']}"
    job = client.get(r.headers["Location"], headers=manager).json()
    assert job["state"] == "done" and job["progress"] == 1.0 and job["error"] is None
    assert job["result"] == {"plans": 0, "snapshots": 0}


def test_another_user_cannot_follow_a_job(client: TestClient) -> None:
    """Someone else's job is 'not found' for an analyst; an administrator may follow it."""
    manager = token_for(client, "programme_manager")
    location = client.post("/api/v1/jobs", headers=manager,
                           json={"kind": "evaluation.refresh"}).headers["Location"]
    hidden = client.get(location, headers=token_for(client, "analyst"))
    assert hidden.status_code == 404 and "后台任务" in hidden.json()["error"]["message"]
    assert client.get(location, headers=token_for(client, "admin")).status_code == 200


def test_field_staff_cannot_start_screening_or_refresh_and_nothing_is_stored(
        client: TestClient, container: Container) -> None:
    """The least-privileged role is refused (403) both ways and no job row is written."""
    field = token_for(client, "field_staff")
    r = client.post("/api/v1/screening/runs", headers=field, json={"plan_id": 1})
    assert r.status_code == 403
    r = client.post("/api/v1/jobs", headers=field, json={"kind": "evaluation.refresh"})
    assert r.status_code == 403 and "plan.manage" in r.json()["error"]["message"]
    scheduled_only = client.post("/api/v1/jobs", headers=field, json={"kind": "ops.retention"})
    assert scheduled_only.status_code == 422
    assert _jobs(container) == 0


def test_a_failed_job_reports_its_error_in_the_callers_language(client: TestClient) -> None:
    """A screening run of a plan that does not exist fails; the job says so in English."""
    analyst = token_for(client, "analyst")
    r = client.post("/api/v1/screening/runs", headers=analyst, json={"plan_id": 999})
    assert r.status_code == 202
    job = client.get(r.headers["Location"], headers=analyst | {"Accept-Language": "en"}).json()
    assert job["state"] == "failed" and job["error"]["code"] == "not_found"
    assert "was not found" in job["error"]["message"]
    zh = client.get(r.headers["Location"], headers=analyst).json()
    assert "未找到" in zh["error"]["message"]


def test_metrics_count_jobs_by_kind_state_and_outcome(client: TestClient) -> None:
    """/metrics shows jobs per state from the database and attempts by outcome."""
    manager = token_for(client, "programme_manager")
    client.post("/api/v1/jobs", headers=manager, json={"kind": "evaluation.refresh"})
    body = client.get("/metrics").text
    assert 'doorstep_jobs{kind="evaluation.refresh",state="done"} 1.0' in body
    assert 'doorstep_jobs_finished_total{kind="evaluation.refresh",outcome="done"}' in body
    assert "doorstep_job_seconds_bucket" in body and "doorstep_http_requests_total" in body


def test_a_dispatcher_cannot_plan_another_branchs_routes_through_a_job(
        client: TestClient, container: Container, seeded: dict[str, int]) -> None:
    """The job acts as its submitter: a Futian dispatcher's job for Nanshan fails as 'not
    found' and stores no route plan; a job missing its branch fails saying so."""
    dispatcher = token_for(client, "dispatcher")
    r = client.post("/api/v1/jobs", headers=dispatcher, json={
        "kind": "routes.plan", "params": {"branch_id": seeded["ns"], "day": "2026-11-03"}})
    job = client.get(r.headers["Location"], headers=dispatcher).json()
    assert r.status_code == 202 and job["state"] == "failed"
    assert job["error"]["code"] == "not_found"
    with container.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM route_plans")).scalar_one() == 0
    r = client.post("/api/v1/jobs", headers=dispatcher, json={"kind": "routes.plan"})
    job = client.get(r.headers["Location"], headers=dispatcher).json()
    assert job["state"] == "failed" and "branch_id" in job["error"]["message"]
    assert job["attempts"] == 1  # a user error is not retried
