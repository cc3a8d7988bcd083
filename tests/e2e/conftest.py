"""E2E fixtures: the real app on a real database, a seeded branch pair and a user per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.core.access import Role
from tests import factories as f

BRANCH_ROLES = {Role.DISPATCHER, Role.FIELD_STAFF}


@pytest.fixture
def seeded(container: Container) -> dict[str, int]:
    ft = f.branch(container)
    ns = f.branch(container, "NS01", "南山支行")
    c_ft = f.customer(container, ft, "张伟")
    c_ns = f.customer(container, ns, "李静")
    ids = {"ft": ft, "ns": ns, "customer": c_ft, "customer_ns": c_ns,
           "case": f.case(container, c_ft, ft),
           "case_ns": f.case(container, c_ns, ns, case_no="AJ2026110000002"),
           "team": f.team(container, ft)}
    for role in Role:
        f.user(container, role.value, role, "FT01" if role in BRANCH_ROLES else None)
    return ids


@pytest.fixture
def client(container: Container, seeded: dict[str, int]) -> Iterator[TestClient]:
    with TestClient(create_app(container), raise_server_exceptions=False) as c:
        yield c


def token_for(client: TestClient, username: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", json={"username": username, "password": f.PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
