"""数据接入 end to end: on an empty database, slices of the two public files go in through
the API with the shipped mappings → screening over the imported portfolio → approval →
dispatch → the plan's evaluation page. The full files in a slow test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store.tables import cases, customers, staff
from tests import factories as f
from tests.e2e.conftest import token_for
from tests.e2e.data_flow import AS_OF, CFPB, ROOT, UCI, csv_slice, ready_to_screen, upload
from tests.e2e.web.conftest import login_csrf


@pytest.fixture
def empty_client(container: Container) -> Iterator[TestClient]:
    """The app over an empty database and an administrator."""
    f.user(container, "admin", Role.ADMIN)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client


def _import_bank(client: TestClient, c: Container, tmp_path: Path, rows: int | None) -> None:
    admin = token_for(client, "admin")
    upload(client, admin, ROOT / "examples" / "data" / "branches.csv", "branches")
    upload(client, admin, ROOT / "examples" / "data" / "staff.csv", "staff")
    uci = upload(client, admin, csv_slice(UCI, tmp_path / "uci.csv", rows), "uci_credit_card")
    cfpb = upload(client, admin, csv_slice(CFPB, tmp_path / "cfpb.csv", rows), "cfpb_complaints")
    expected = rows or 24_000
    assert uci["by_kind"]["repayment_months"]["inserted"] == 6 * expected
    assert cfpb["by_kind"]["complaints"]["inserted"] == (rows or 6623)
    for role in (Role.ANALYST, Role.PROGRAMME_MANAGER, Role.DISPATCHER):
        f.user(c, role.value, role, "HQ01" if role is Role.DISPATCHER else None)


def _screen_approve_dispatch(client: TestClient, c: Container) -> int:
    manager, analyst = token_for(client, "programme_manager"), token_for(client, "analyst")
    with c.engine.connect() as conn:
        hq = conn.execute(select(customers.c.branch_id)).scalars().first()
        members = conn.execute(select(staff.c.id).where(staff.c.branch_id == hq)).scalars().all()
    plan = client.post("/api/v1/plans", headers=manager, json={
        "name": "UCI 信用卡逾期外访", "period_start": "2005-10-01", "period_end": "2005-12-31",
        "business_lines": ["credit_card", "loan"], "branch_ids": [hq], "visit_budget": 40,
        "holdout_share": 0.2})
    assert plan.status_code == 201, plan.text
    plan_id = plan.json()["id"]
    run = client.post("/api/v1/screening/runs", headers=analyst,
                      json={"plan_id": plan_id, "seed": 7, "as_of": AS_OF.isoformat()})
    assert run.status_code == 202, run.text  # a job; the test broker runs it at once
    job = client.get(run.headers["Location"], headers=analyst).json()
    assert job["state"] == "done", job
    listed = client.get(job["result_url"], headers=analyst).json()
    assert listed["counts"]["selected"] > 0
    approved = client.post(f"/api/v1/screening/runs/{listed['id']}/approve",
                           headers=manager, json={}).json()
    assert approved["case_ids"]
    dispatcher = token_for(client, "dispatcher")
    team = client.post("/api/v1/teams", headers=dispatcher, json={
        "name": "总行一组", "member_a_id": members[0], "member_b_id": members[1]})
    assert team.status_code == 201, team.text
    assigned = [client.post(f"/api/v1/cases/{case_id}/transitions", headers=dispatcher,
                            json={"command": "assign", "version": 1,
                                  "team_id": team.json()["id"]}).status_code
                for case_id in approved["case_ids"][:5]]
    assert 200 in assigned, assigned
    return int(plan_id)


def _evaluation_page(client: TestClient, plan_id: int) -> str:
    token = login_csrf(client)
    r = client.post("/login", data={"username": "programme_manager", "password": f.PASSWORD,
                                    "next": "/", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get(f"/evaluation/plans/{plan_id}",
                      params={"start": "2005-10-01", "end": "2005-12-31"})
    assert page.status_code == 200, page.text[:500]
    return page.text


def test_public_files_to_a_plans_evaluation_page(empty_client: TestClient,
                                                 container: Container, tmp_path: Path) -> None:
    """Imported customers (no demo data anywhere) are screened, approved into cases, given a
    team, and counted on the plan's evaluation page."""
    _import_bank(empty_client, container, tmp_path, rows=400)
    ready_to_screen(container)
    plan_id = _screen_approve_dispatch(empty_client, container)
    html = _evaluation_page(empty_client, plan_id)
    assert "UCI 信用卡逾期外访" in html
    with container.engine.connect() as conn:
        states = set(conn.execute(select(cases.c.state)).scalars())
    assert "assigned" in states


@pytest.mark.slow
def test_full_public_files_import_and_screen(empty_client: TestClient, container: Container,
                                             tmp_path: Path) -> None:
    """The whole UCI file (24,000 customers, 144,000 months) and the whole CFPB sample
    (6,623 complaints) import without a rejected row and screen."""
    _import_bank(empty_client, container, tmp_path, rows=None)
    ready_to_screen(container)
    assert _screen_approve_dispatch(empty_client, container) > 0
