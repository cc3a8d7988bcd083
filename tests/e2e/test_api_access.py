"""Authorisation: every API route × every role against the one permission table."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from doorstep.api.routes_index import api_routes
from doorstep.core.access import PERMISSIONS, Permission, Role
from doorstep.http.deps import PUBLIC
from tests.e2e.conftest import token_for


def test_every_api_route_states_a_permission(client: TestClient) -> None:
    """No route is left without a stated permission (or an explicit public marker)."""
    missing = [f"{r.method} {r.path}" for r in api_routes(client.app)  # type: ignore[arg-type]
               if r.path.startswith(("/api/", "/health", "/ready", "/metrics"))
               and r.permission is None]
    assert missing == []


def test_every_route_times_every_role_follows_the_table(client: TestClient,
                                                        seeded: dict[str, int]) -> None:
    """Each role gets 403 exactly on the API routes its permissions do not cover."""
    tokens = {role: token_for(client, role.value) for role in Role}
    checked = 0
    for route in api_routes(client.app):  # type: ignore[arg-type]
        if not route.path.startswith("/api/") or route.permission == PUBLIC:
            continue
        url = re.sub(r"\{[^}]+\}", str(seeded["case"]), route.path)
        for role in Role:
            response = client.request(route.method, url, headers=tokens[role], json={})
            allowed = role in PERMISSIONS[Permission(route.permission)]
            assert (response.status_code == 403) != allowed, (route, role, response.text)
            checked += 1
    assert checked >= 8 * len(Role)


def test_unauthenticated_api_calls_get_401_in_chinese(client: TestClient) -> None:
    """Without a token the API answers 401 with a Chinese message."""
    r = client.get("/api/v1/cases")
    assert r.status_code == 401
    assert r.json()["error"]["message"] == "请先登录"


def test_branch_scoping_hides_other_branches_everywhere(client: TestClient,
                                                        seeded: dict[str, int]) -> None:
    """A Futian dispatcher never sees Nanshan's cases in lists, details, search or exports."""
    h = token_for(client, "dispatcher")
    listed = client.get("/api/v1/cases", headers=h).json()
    assert {i["branch_id"] for i in listed["items"]} == {seeded["ft"]}
    assert client.get(f"/api/v1/cases/{seeded['case_ns']}", headers=h).status_code == 404
    assert client.get(f"/api/v1/customers/{seeded['customer_ns']}", headers=h).status_code == 404
    assert client.get("/api/v1/cases", params={"q": "李静"}, headers=h).json()["total"] == 0
    assert client.get("/api/v1/cases", params={"branch_id": seeded["ns"]},
                      headers=h).json()["total"] == 0
    head_office = token_for(client, "analyst")
    assert client.get("/api/v1/cases", headers=head_office).json()["total"] == 2
    export = client.get("/api/v1/cases/export.csv", headers=token_for(client, "auditor"))
    assert export.status_code == 200 and "李静" in export.text


def test_login_lockout_after_repeated_failures(client: TestClient) -> None:
    """Five wrong passwords lock the account; even the right one is then refused with 423."""
    for _ in range(4):
        r = client.post("/api/v1/auth/token", json={"username": "auditor", "password": "wrong"})
        assert r.status_code == 401
    r = client.post("/api/v1/auth/token", json={"username": "auditor", "password": "wrong"})
    assert r.status_code == 423 and "锁定" in r.json()["error"]["message"]
    r = client.post("/api/v1/auth/token",
                    json={"username": "auditor", "password": "Doorstep!2026"})
    assert r.status_code == 423


def test_approval_routes_are_in_the_matrix(client: TestClient) -> None:
    """The approvals queue and decision state approval.decide; only deciding roles hold it,
    and every role may read its own requests."""
    found = {(r.method, r.path): r.permission for r in api_routes(client.app)  # type: ignore[arg-type]
             if r.path.startswith("/api/v1/approvals")}
    assert found[("GET", "/api/v1/approvals")] == Permission.APPROVAL_DECIDE.value
    assert found[("POST", "/api/v1/approvals/{approval_id}/decision")] == (
        Permission.APPROVAL_DECIDE.value)
    assert found[("GET", "/api/v1/approvals/mine")] == Permission.SELF.value
    assert PERMISSIONS[Permission.APPROVAL_DECIDE] == {
        Role.PROGRAMME_MANAGER, Role.LEGAL_OFFICER, Role.ANALYST, Role.TRAINER}
