"""Short schemathesis fuzzing run over every API operation (the long one: benchmarks/bench_fuzz)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from doorstep.api.routes_index import api_routes
from doorstep.core.access import PERMISSIONS, Permission, Role
from doorstep.http.deps import PUBLIC
from tests.e2e.conftest import token_for
from tests.e2e.security.fuzzing import acting_roles, fuzz

EXAMPLES_PER_OPERATION = 6
pytestmark = pytest.mark.slow  # in `make test`, not in `make test-fast`


def test_fuzzing_as_an_authorised_role_finds_no_5xx_and_only_our_4xx_bodies(
        client: TestClient, seeded: dict[str, int]) -> None:
    """Generated valid and invalid requests, each under a role the route admits and with
    ids that exist (stateful), never get a 5xx, every 4xx carries our error code and a
    Chinese message, and many writes succeed."""
    assert isinstance(client.app, FastAPI)
    roles = acting_roles(client.app)
    tokens = {role: token_for(client, role.value) for role in set(roles.values()) if role}

    def headers(method: str, path: str) -> dict[str, str]:
        role = roles.get((method, path))
        return tokens[role] if role else {}

    known = {"case_id": seeded["case"], "customer_id": seeded["customer"],
             "team_id": seeded["team"]}
    report = fuzz(client, headers, examples=EXAMPLES_PER_OPERATION, known=known)
    assert report.failures == [], "\n".join(report.failures)
    assert len(report.counts) >= 40
    assert report.total >= 250
    ok_writes = sum(c["2xx"] for k, c in report.counts.items() if not k.startswith("GET"))
    print(f"fuzz: {report.total} requests, {dict(report.by_class())}, 2xx writes {ok_writes}")
    assert report.by_class()["2xx"] >= 80 and ok_writes >= 5


def test_fuzzing_as_a_restricted_role_is_refused_cleanly(client: TestClient) -> None:
    """Field staff fuzzing every operation never get a 5xx, and get only 4xx answers on the
    operations their role is not granted."""
    assert isinstance(client.app, FastAPI)
    token = token_for(client, Role.FIELD_STAFF.value)
    report = fuzz(client, lambda method, path: token, examples=2)
    assert report.failures == [], "\n".join(report.failures)
    denied = [f"{r.method} {r.path}" for r in api_routes(client.app)
              if r.path.startswith("/api/") and r.permission not in (PUBLIC, None)
              and Role.FIELD_STAFF not in PERMISSIONS[Permission(r.permission)]]
    assert len(denied) >= 20
    for key in denied:
        assert set(report.counts[key]) == {"4xx"}, key
