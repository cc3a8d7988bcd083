"""Stored XSS: script payloads in every rendered text field come out escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from doorstep.app import create_app
from doorstep.container import Container
from tests import factories as f
from tests.e2e.security.xss_seed import ESCAPED, RAW, pages, seed_xss
from tests.e2e.web.conftest import login_csrf


@pytest.fixture
def xss_client(container: Container) -> Iterator[tuple[TestClient, dict[str, int | None]]]:
    ids = seed_xss(container)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client, ids


def _login(client: TestClient, username: str) -> None:
    client.cookies.clear()
    r = client.post("/login", data={"username": username, "password": f.PASSWORD, "next": "/",
                                    "csrf_token": login_csrf(client)}, follow_redirects=False)
    assert r.status_code == 303


def test_payloads_render_escaped_on_every_page(
        xss_client: tuple[TestClient, dict[str, int | None]]) -> None:
    """Customer names, complaint text, case summary, visit notes, plan and step names, team and
    staff names, case studies, the field brief, survey comments, training courses and
    sessions, the legal desk, screening runs and strategies, contacts and overdue complaints
    never appear as live markup; they do appear escaped."""
    client, ids = xss_client
    shown = 0
    for role, urls in pages(ids).items():
        _login(client, role)
        for url in urls:
            r = client.get(url)
            assert r.status_code == 200, (role, url, r.status_code)
            body = re.sub(r"<script[^>]*\bsrc=[^>]*></script>", "", r.text)
            for raw in RAW:
                assert raw not in body, (role, url, raw)
            assert ESCAPED in r.text, (role, url)  # the text is there, escaped
            shown += 1
    assert shown >= 24


def test_payloads_in_json_are_data_not_markup(
        xss_client: tuple[TestClient, dict[str, int | None]]) -> None:
    """The API returns the texts as JSON strings with a JSON content type, never as HTML."""
    client, ids = xss_client
    r = client.post("/api/v1/auth/token", json={"username": "analyst", "password": f.PASSWORD})
    auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
    case = client.get(f"/api/v1/cases/{ids['case']}", headers=auth)
    assert case.headers["content-type"].startswith("application/json")
    assert "<script>" in case.json()["customer_name"]
