"""Plans, teams and dispatch over the HTTP API."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.demo import load_demo
from tests import factories as f
from tests.e2e.conftest import token_for

PLAN = {"name": "2026年第四季度信用卡诉前上门计划", "period_start": "2026-10-01",
        "period_end": "2026-12-31", "business_lines": ["credit_card"], "visit_budget": 300,
        "holdout_share": 0.1, "goals": [{"metric": "resolution_rate", "target": 0.6}],
        "steps": [{"title": "审批上门名单", "due_on": "2026-10-10"}]}


def test_plan_create_read_edit_and_stale_version(client: TestClient) -> None:
    """A manager creates and edits a plan; an edit on an old version answers 409."""
    h = token_for(client, "programme_manager")
    created = client.post("/api/v1/plans", json=PLAN, headers=h)
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    got = client.get(f"/api/v1/plans/{pid}", headers=h).json()
    assert got["goals"][0]["value"] is None and got["goals"][0]["met"] is False
    assert got["steps_late"] == 1
    step = got["steps"][0]["id"]
    assert client.post(f"/api/v1/plans/{pid}/steps/{step}/done", headers=h).json()["changed"]
    body = {**PLAN, "name": "改名后的计划", "version": 1,
            "steps": [{**PLAN["steps"][0], "id": step}]}  # type: ignore[dict-item]
    assert client.patch(f"/api/v1/plans/{pid}", json=body, headers=h).json()["version"] == 2
    stale = client.patch(f"/api/v1/plans/{pid}", json=body, headers=h)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    listed = client.get("/api/v1/plans", headers=token_for(client, "auditor")).json()
    assert listed[0]["name"] == "改名后的计划" and listed[0]["steps"][0]["done"]


def test_plan_validation_messages_are_chinese(client: TestClient) -> None:
    """A holdout share above one half is refused with a clear Chinese message."""
    h = token_for(client, "programme_manager")
    r = client.post("/api/v1/plans", json={**PLAN, "holdout_share": 0.7}, headers=h)
    assert r.status_code == 422 and "对照组比例须在 0 至 0.5 之间" in r.json()["error"]["message"]


def test_a_plan_over_deposit_accounts_is_accepted(client: TestClient) -> None:
    """Every business line the bank has may be planned; ``deposit`` was refused (422)."""
    h = token_for(client, "programme_manager")
    lines = ["loan", "credit_card", "deposit", "wealth", "insurance"]
    r = client.post("/api/v1/plans", json={**PLAN, "business_lines": lines}, headers=h)
    assert r.status_code == 201, r.text
    got = client.get(f"/api/v1/plans/{r.json()['id']}", headers=h).json()
    assert sorted(got["business_lines"]) == sorted(lines)


def test_dispatcher_forms_a_team_but_not_across_branches(container: Container,
                                                         client: TestClient,
                                                         seeded: dict[str, int]) -> None:
    """Two free staff of the dispatcher's branch form a team; busy or other-branch staff do not."""
    a = f.staff(container, seeded["ft"], "X1", "赵六")
    b = f.staff(container, seeded["ft"], "X2", "钱七")
    other = f.staff(container, seeded["ns"], "Y1", "孙八")
    h = token_for(client, "dispatcher")
    r = client.post("/api/v1/teams", json={"member_a_id": a, "member_b_id": other}, headers=h)
    assert r.status_code == 422 and "同一网点" in r.json()["error"]["message"]
    r = client.post("/api/v1/teams", json={"member_a_id": a, "member_b_id": b}, headers=h)
    assert r.status_code == 201, r.text
    again = client.post("/api/v1/teams", json={"member_a_id": a, "member_b_id": b}, headers=h)
    assert again.status_code == 409 and "已在其他在岗团队中" in again.json()["error"]["message"]
    staff = client.get("/api/v1/staff", headers=h).json()
    assert {s["branch_id"] for s in staff} == {seeded["ft"]}
    assert len(client.get("/api/v1/teams", headers=h).json()) == 2


def test_plan_a_demo_branch_day_then_read_it(container: Container) -> None:
    """A dispatcher plans a demo branch-day over the API and reads routes and reasons back."""
    load_demo(container.engine, customers=1200, seed=7, cipher=container.cipher)
    with container.uow(write=False) as uow:
        branch = uow.teams.branch_id_by_code("SZ-FT01")
    day = date(2026, 12, 1).isoformat()
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        h = token_for(client, "dispatcher")
        r = client.post("/api/v1/dispatch/plans",
                        json={"branch_id": branch, "day": day, "seconds": 1}, headers=h)
        assert r.status_code == 201, r.text
        got = client.get("/api/v1/dispatch/plans", params={"branch_id": branch, "day": day},
                         headers=h).json()
        plan = got["plan"]
        routed = sum(len(route["stops"]) for route in plan["routes"])
        assert routed + len(plan["unassigned"]) == plan["stats"]["visits"] == got["visits"]
        assert all(u["message"] for u in plan["unassigned"])
        proposals = client.get("/api/v1/teams/proposals",
                               params={"branch_id": branch, "day": day}, headers=h)
        assert proposals.status_code == 200
        again = client.post("/api/v1/dispatch/plans/replan",
                            json={"branch_id": branch, "day": day, "seconds": 1}, headers=h)
        assert again.status_code == 201, again.text
        ns = client.get("/api/v1/dispatch/plans", params={"branch_id": branch, "day": day},
                        headers=token_for(client, "dispatcher_ns"))
        assert ns.status_code == 404


def test_offer_an_appointment_and_list_it(container: Container, client: TestClient,
                                          seeded: dict[str, int]) -> None:
    """Offering slots for an assigned case stores a proposed appointment and queues the SMS."""
    case = f.case(container, seeded["customer"], seeded["ft"], state="assigned",
                  owner_team_id=seeded["team"], case_no="AJ2026110000077")
    h = token_for(client, "dispatcher")
    r = client.post(f"/api/v1/cases/{case}/appointments",
                    json={"team_id": seeded["team"], "day": "2026-12-01"}, headers=h)
    assert r.status_code == 201, r.text
    assert 1 <= len(r.json()["slots"]) <= 3
    listed = client.get(f"/api/v1/cases/{case}/appointments", headers=h).json()
    assert [a["state"] for a in listed] == ["proposed"]
    with container.uow(write=False) as uow:
        assert [m.channel for m in uow.appointments.messages(case)] == ["sms"]
