"""Authorisation of the web pages: every page and form route × every role against the one
permission table (the API has the same walk in tests/e2e/test_api_access.py)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from doorstep.api.routes_index import RouteInfo, api_routes
from doorstep.core.access import PERMISSIONS, Permission, Role
from doorstep.http.deps import PUBLIC
from tests import factories as f
from tests.e2e.web.conftest import login_csrf, page_csrf

SKIP = {("POST", "/logout")}  # ends the session the walk runs in


def _web_routes(client: TestClient) -> list[RouteInfo]:
    return [r for r in api_routes(client.app)  # type: ignore[arg-type]
            if not r.path.startswith(("/api/", "/static", "/health", "/ready", "/metrics",
                                      "/docs", "/openapi", "/redoc"))]


def _login(client: TestClient, username: str) -> str:
    client.cookies.clear()
    r = client.post("/login", data={"username": username, "password": f.PASSWORD, "next": "/",
                                    "csrf_token": login_csrf(client)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return page_csrf(client.get("/").text)


def test_every_web_route_states_a_permission(client: TestClient) -> None:
    """No page or form route is left without a stated permission (or a public marker)."""
    missing = [f"{r.method} {r.path}" for r in _web_routes(client) if r.permission is None]
    assert missing == []


def test_every_web_route_times_every_role_follows_the_table(client: TestClient,
                                                            seeded: dict[str, int]) -> None:
    """Each role, logged in through the form, gets 403 exactly on the pages and forms its
    permissions do not cover (forms carry a valid CSRF token, so only the role decides)."""
    routes = [r for r in _web_routes(client)
              if r.permission not in (None, PUBLIC) and (r.method, r.path) not in SKIP]
    checked = 0
    for role in Role:
        token = _login(client, role.value)
        for route in routes:
            url = re.sub(r"\{[^}]+\}", str(seeded["case"]), route.path)
            response = client.request(route.method, url, headers={"x-csrf-token": token},
                                      follow_redirects=False)
            allowed = role in PERMISSIONS[Permission(route.permission)]
            assert (response.status_code == 403) != allowed, (route, role, response.status_code)
            checked += 1
    assert checked >= 40 * len(Role)
