"""CSRF: every state-changing page form is refused without the session's token."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from doorstep.api.routes_index import api_routes
from doorstep.core.access import PERMISSIONS, Permission, Role
from doorstep.http.deps import PUBLIC
from tests.e2e.web.conftest import Login, page_csrf

#: Customer links are authorised by an unguessable single-use token in the URL, not by a
#: session cookie, so a forged cross-site post cannot act for anyone; login has its own test.
NOT_SESSION_FORMS = {"/login", "/a/{token}", "/survey/{token}"}
REFUSED = "页面已过期或来源不明"


def _form_routes(app: FastAPI) -> list[tuple[str, Permission]]:
    return [(r.path, Permission(r.permission)) for r in api_routes(app)
            if r.method == "POST" and not r.path.startswith("/api/")
            and r.path not in NOT_SESSION_FORMS and r.permission not in (PUBLIC, None)]


def test_every_page_form_refuses_a_missing_or_wrong_token(client: TestClient,
                                                          login: Login,
                                                          seeded: dict[str, int]) -> None:
    """A signed-in user allowed to post a form still gets 403 without the token, with a wrong
    token, or with the token in a different field, and the refusal changes nothing."""
    assert isinstance(client.app, FastAPI)
    routes = _form_routes(client.app)
    assert len(routes) >= 15
    by_role: dict[Role, list[str]] = {}
    for path, permission in routes:
        by_role.setdefault(next(r for r in Role if r in PERMISSIONS[permission]), []).append(path)
    for role, paths in by_role.items():
        client.cookies.clear()
        login(role.value)
        real = page_csrf(client.get("/").text)
        _refused_everywhere(client, paths, real, seeded["case"])


def _refused_everywhere(client: TestClient, paths: list[str], real: str, case: int) -> None:
    for path in paths:
        url = re.sub(r"\{[^}]+\}", str(case), path)
        for data in ({}, {"csrf_token": "forged-" + real[:8]}, {"csrf": real}):
            r = client.post(url, data=data, follow_redirects=False)
            assert r.status_code == 403 and REFUSED in r.text, (path, data, r.status_code)
        header = client.post(url, headers={"x-csrf-token": "forged"}, follow_redirects=False)
        assert header.status_code == 403, path


def test_login_form_refuses_a_token_from_another_browser(client: TestClient) -> None:
    """The login form's token must match the cookie set with that form, not any token."""
    other = TestClient(client.app)
    page = other.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    client.get("/login")
    r = client.post("/login", data={"username": "analyst", "password": "Doorstep!2026",
                                    "next": "/", "csrf_token": token.group(1)},
                    follow_redirects=False)
    assert r.status_code == 403 and REFUSED in r.text
