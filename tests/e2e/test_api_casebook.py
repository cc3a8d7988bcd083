"""Casebook API: draft from a closed case, the refused publish (422 naming what was found),
publishing after the fix, search and similar cases."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update

from doorstep.container import Container
from doorstep.store import tables as t
from tests.e2e.conftest import token_for

STUDY = {
    "title": "贷款流程争议经解释化解", "background": "客户对贷款审批流程有误解。",
    "problem": "客户认为贷款审批流程不透明。", "actions": "上门逐项解释贷款审批流程。",
    "outcome": "客户撤回投诉。", "lessons": "先讲清流程和时间节点。",
    "business_line": "loan", "case_type": "loan_dispute", "outcome_tag": "explained",
    "tags": ["贷款流程"],
}


def test_publish_refused_with_personal_data_then_published_and_found(
        client: TestClient, container: Container, seeded: dict[str, int]) -> None:
    """A study with a national id gets 422 naming it; once removed its author may still not
    publish it (403, 双人复核), another publisher does, and it is found."""
    h = token_for(client, "programme_manager")
    leaked = {**STUDY, "problem": "客户认为贷款审批流程不透明，身份证号440301198501011234。"}
    created = client.post("/api/v1/casebook/studies", json=leaked, headers=h)
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    refused = client.post(f"/api/v1/casebook/studies/{sid}/publish", headers=h)
    assert refused.status_code == 422
    body = refused.json()["error"]
    assert body["code"] == "casebook.personal_data"
    assert "第2段发现身份证号 4403********1234" in body["message"]
    fixed = client.put(f"/api/v1/casebook/studies/{sid}", json={**STUDY, "version": 1},
                       headers=h)
    assert fixed.status_code == 200 and fixed.json()["version"] == 2
    assert client.get(f"/api/v1/casebook/studies/{sid}/check", headers=h).json() == {
        "findings": []}
    own = client.post(f"/api/v1/casebook/studies/{sid}/publish", headers=h)
    assert own.status_code == 403 and "不能审批自己提交的申请" in own.json()["error"]["message"]
    published = client.post(f"/api/v1/casebook/studies/{sid}/publish",
                            headers=token_for(client, "trainer"))
    assert published.status_code == 200 and published.json()["status"] == "published"
    hits = client.get("/api/v1/casebook/search", params={"q": "贷款流程"},
                      headers=token_for(client, "field_staff")).json()
    assert [hit["study"]["id"] for hit in hits] == [sid]


def test_draft_from_closed_case_and_similar(client: TestClient, container: Container,
                                            seeded: dict[str, int]) -> None:
    """A closed case becomes an anonymised draft; an open case gets similar published studies."""
    h = token_for(client, "programme_manager")
    with container.engine.begin() as conn:
        conn.execute(update(t.cases).where(t.cases.c.id == seeded["case"]).values(
            state="resolved", summary="客户张伟称贷款利率计算有误"))
    draft = client.post(f"/api/v1/casebook/cases/{seeded['case']}/draft", headers=h)
    assert draft.status_code == 201, draft.text
    study = client.get(f"/api/v1/casebook/studies/{draft.json()['id']}", headers=h).json()
    assert "张伟" not in study["background"] and "张某" in study["background"]
    open_case = client.post(f"/api/v1/casebook/cases/{seeded['case_ns']}/draft", headers=h)
    assert open_case.status_code == 422
    sid = client.post("/api/v1/casebook/studies", json=STUDY, headers=h).json()["id"]
    client.post(f"/api/v1/casebook/studies/{sid}/publish", headers=token_for(client, "trainer"))
    similar = client.get(f"/api/v1/casebook/similar/{seeded['case_ns']}", headers=h)
    assert similar.status_code == 200
    assert [s["study"]["id"] for s in similar.json()] == [sid]
    assert "同一业务条线" in similar.json()[0]["reasons"]


def test_drafts_are_hidden_from_readers_and_empty_queries_refused(
        client: TestClient, seeded: dict[str, int]) -> None:
    """Field staff see only published studies; a query without words is a 422."""
    h = token_for(client, "programme_manager")
    sid = client.post("/api/v1/casebook/studies", json=STUDY, headers=h).json()["id"]
    field = token_for(client, "field_staff")
    assert client.get(f"/api/v1/casebook/studies/{sid}", headers=field).status_code == 404
    assert client.get("/api/v1/casebook/studies", headers=field).json() == []
    assert client.get("/api/v1/casebook/search", params={"q": "，。"},
                      headers=field).status_code == 422
