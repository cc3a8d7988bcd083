"""Training pages: plan a session, record attendance and a score, see the certificate and
the expiring list, recommendations, and a bad score refused on the page."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from doorstep.container import Container
from doorstep.store import tables as t
from doorstep.training.model import Course
from tests.e2e.web.conftest import Login, page_csrf

COURSE = Course(0, "T-LG01", "诉前调解相关法律知识", "legal", "民法典合同编与调解程序", 12, 70,
                "legal_professional", 24)


def test_trainer_runs_a_session_to_a_certificate(client: TestClient, login: Login,
                                                 container: Container,
                                                 seeded: dict[str, int]) -> None:
    """Planning, attendance and a passing score lead to a certificate shown on the session."""
    with container.uow() as uow:
        course_id = uow.training.add_course(COURSE)
        uow.commit()
    with container.engine.connect() as conn:
        staff_id = conn.execute(select(t.staff.c.id).order_by(t.staff.c.id)).scalar()
    login("trainer")
    courses = client.get("/training")
    assert "诉前调解相关法律知识" in courses.text and "法律职业资格" in courses.text
    token = page_csrf(courses.text)
    bad = client.post(f"/training/courses/{course_id}/sessions", data={
        "starts_at": "2026-11-02T09:00", "trainer": "", "place": "总行", "capacity": "10",
        "csrf_token": token})
    assert bad.status_code == 422 and "请填写培训讲师" in bad.text
    session = client.post(f"/training/courses/{course_id}/sessions", data={
        "starts_at": "2026-11-02T09:00", "trainer": "刘老师", "place": "总行培训中心",
        "capacity": "10", "csrf_token": token})
    assert session.status_code == 200 and "刘老师" in session.text
    url = str(session.url)
    client.post(url + "/attendance", data={"staff_id": str(staff_id), "attended": "1",
                                           "csrf_token": token})
    out_of_range = client.post(url + "/assessment", data={"staff_id": str(staff_id),
                                                          "score": "120", "csrf_token": token})
    assert out_of_range.status_code == 422 and "考核成绩须在 0 至 100 之间" in out_of_range.text
    passed = client.post(url + "/assessment", data={"staff_id": str(staff_id), "score": "88",
                                                    "csrf_token": token})
    assert "合格" in passed.text and "证书有效至 2028-11-02" in passed.text


def test_expiring_certificates_and_recommendations_pages(client: TestClient, login: Login,
                                                         container: Container,
                                                         seeded: dict[str, int]) -> None:
    """A certificate ending in 20 days is listed; the recommendations page renders empty."""
    with container.engine.begin() as conn:
        staff_id = conn.execute(select(t.staff.c.id).order_by(t.staff.c.id)).scalar()
        conn.execute(insert(t.certificates).values(
            staff_id=staff_id, kind="visit_compliance", issued_on=date(2025, 11, 22),
            expires_on=date(2026, 11, 22)))
    login("trainer")
    page = client.get("/training/certificates", params={"days": 60})
    assert "未来 60 天内到期（1 张）" in page.text and "外访合规" in page.text
    assert "暂无需要培训的员工" in client.get("/training/recommendations").text
