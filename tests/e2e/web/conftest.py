"""Web e2e fixtures: the seeded app of ``tests/e2e`` plus a form login helper."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Protocol

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from doorstep.container import Container
from doorstep.store import tables as t
from tests import factories as f

XSS = "<script>alert(1)</script>客户称未收到通知"

class Login(Protocol):
    def __call__(self, username: str, password: str = f.PASSWORD) -> TestClient: ...


def login_csrf(client: TestClient, next_url: str = "/") -> str:
    page = client.get("/login", params={"next": next_url})
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match is not None
    return match.group(1)


def page_csrf(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match is not None and match.group(1)
    return match.group(1)


@pytest.fixture
def login(client: TestClient) -> Login:
    """Log the shared client in through the form as ``username``."""

    def do(username: str, password: str = f.PASSWORD) -> TestClient:
        token = login_csrf(client)
        r = client.post("/login", data={"username": username, "password": password,
                                        "next": "/", "csrf_token": token},
                        follow_redirects=False)
        assert r.status_code == 303, r.text
        return client

    return do


@pytest.fixture
def complaint(container: Container, seeded: dict[str, int]) -> int:
    """A complaint whose text carries a script tag (it must render escaped)."""
    with container.engine.begin() as conn:
        return int(conn.execute(insert(t.complaints).values(
            customer_id=seeded["customer"], branch_id=seeded["ft"], channel="hotline",
            category="催收方式", text=XSS, severity=4,
            received_at=datetime(2026, 10, 20, 3, 0))).inserted_primary_key[0])
