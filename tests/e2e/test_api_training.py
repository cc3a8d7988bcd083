"""Training API: plan a session, record attendance and a passing assessment, see the
certificate among those expiring, and refuse bad scores."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from doorstep.container import Container
from doorstep.store import tables as t
from doorstep.training.model import Course
from tests.e2e.conftest import token_for

COURSE = Course(0, "T-CP01", "外访合规与沟通", "compliance", "", 6, 60, "visit_compliance", 1)


def test_session_attendance_assessment_and_expiring(client: TestClient, container: Container,
                                                    seeded: dict[str, int]) -> None:
    """A pass issues a certificate valid one month, which then shows among those expiring."""
    with container.uow() as uow:
        course_id = uow.training.add_course(COURSE)
        uow.commit()
    with container.engine.connect() as conn:
        staff_id = conn.execute(select(t.staff.c.id).order_by(t.staff.c.id)).scalar()
    h = token_for(client, "trainer")
    created = client.post("/api/v1/training/sessions", headers=h, json={
        "course_id": course_id, "starts_at": "2026-11-02T01:00:00", "trainer": "刘老师",
        "place": "总行培训中心", "capacity": 10})
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    assert client.put(f"/api/v1/training/sessions/{sid}/attendance", headers=h,
                      json={"staff_id": staff_id, "attended": True}).status_code == 200
    bad = client.post(f"/api/v1/training/sessions/{sid}/assessments", headers=h,
                      json={"staff_id": staff_id, "score": 130})
    assert bad.status_code == 422
    ok = client.post(f"/api/v1/training/sessions/{sid}/assessments", headers=h,
                     json={"staff_id": staff_id, "score": 75})
    assert ok.json() == {"passed": True, "certificate_expires_on": "2026-12-02"}
    detail = client.get(f"/api/v1/training/sessions/{sid}", headers=h).json()
    assert detail["records"][0]["passed"] is True and detail["enrolled"] == 1
    due = client.get("/api/v1/training/certificates/expiring", params={"days": 60},
                     headers=token_for(client, "dispatcher")).json()
    assert [(d["staff_id"], d["kind"], d["days_left"]) for d in due] == [
        (staff_id, "visit_compliance", 30)]
    assert client.get("/api/v1/training/recommendations", headers=h).json() == []


def test_field_staff_may_read_but_not_manage(client: TestClient,
                                             seeded: dict[str, int]) -> None:
    """Only the trainer plans sessions; field staff read courses."""
    field = token_for(client, "field_staff")
    assert client.get("/api/v1/training/courses", headers=field).status_code == 200
    refused = client.post("/api/v1/training/sessions", headers=field, json={
        "course_id": 1, "starts_at": "2026-11-02T01:00:00", "trainer": "x", "place": "y",
        "capacity": 1})
    assert refused.status_code == 403
