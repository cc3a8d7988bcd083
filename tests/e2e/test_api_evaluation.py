"""Evaluation API: KPIs, breakdowns, effect, satisfaction and exports, with permissions."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from doorstep.container import Container
from tests.e2e.conftest import token_for
from tests.integration.evaluation.known_bank import EXPECTED, build
from tests.pdf_text import pdf_text


@pytest.fixture
def plan(client: TestClient, container: Container, seeded: dict[str, int]) -> int:
    return build(container, seeded["ft"], seeded["ns"], seeded["team"])["plan"]


def test_plan_kpis_and_goals(client: TestClient, plan: int) -> None:
    """The plan KPI endpoint returns every §8 figure and the goals for a month."""
    r = client.get(f"/api/v1/evaluation/plans/{plan}/kpis", params={"month": "2026-10"},
                   headers=token_for(client, "programme_manager"))
    assert r.status_code == 200, r.text
    body = r.json()
    got = {"cases": body["counts"]["cases"], **body["values"]}
    assert got == {k: pytest.approx(v) for k, v in EXPECTED.items()}
    assert [g["met"] for g in body["goals"]] == [True, False, False]


def test_breakdown_by_branch(client: TestClient, plan: int) -> None:
    """KPIs by branch name each branch with its cases."""
    r = client.get("/api/v1/evaluation/kpis", params={
        "dimension": "branch", "plan_id": plan, "start": "2026-10-01", "end": "2026-10-31"},
        headers=token_for(client, "analyst"))
    assert r.status_code == 200, r.text
    assert {g["name"]: g["counts"]["cases"] for g in r.json()} == {"福田支行": 4, "南山支行": 1}


def test_bad_month_is_422(client: TestClient, plan: int) -> None:
    """An invalid month is refused with the evaluation.bad_period code."""
    r = client.get(f"/api/v1/evaluation/plans/{plan}/kpis", params={"month": "2026-13"},
                   headers=token_for(client, "programme_manager"))
    assert r.status_code == 422 and r.json()["error"]["code"] == "evaluation.bad_period"


def test_effect_and_satisfaction(client: TestClient, plan: int) -> None:
    """Effect warns on a tiny sample; satisfaction lists the worst comment first."""
    h = token_for(client, "auditor")
    effect = client.get(f"/api/v1/evaluation/plans/{plan}/effect", headers=h).json()
    assert effect["visits"]["too_small"] is True
    sat = client.get("/api/v1/evaluation/satisfaction",
                     params={"plan_id": plan, "month": "2026-10"}, headers=h).json()
    assert sat["comments"][0]["text"].startswith("态度敷衍")
    assert sat["comments"][0]["dissatisfaction"] > sat["comments"][1]["dissatisfaction"]


def test_exports(client: TestClient, plan: int) -> None:
    """Excel and PDF exports download for a manager; a trainer (read only) gets 403."""
    h = token_for(client, "programme_manager")
    x = client.get("/api/v1/evaluation/report.xlsx", params={"plan_id": plan, "month": "2026-10"},
                   headers=h)
    assert x.status_code == 200 and "attachment" in x.headers["content-disposition"]
    assert "概览" in load_workbook(io.BytesIO(x.content)).sheetnames
    p = client.get("/api/v1/evaluation/report.pdf", params={"plan_id": plan}, headers=h)
    assert p.status_code == 200 and "十月化解计划" in pdf_text(p.content)
    denied = client.get("/api/v1/evaluation/report.xlsx", params={"plan_id": plan},
                        headers=token_for(client, "trainer"))
    assert denied.status_code == 403


def test_field_staff_cannot_read(client: TestClient, plan: int) -> None:
    """Field staff hold no evaluation.read."""
    r = client.get(f"/api/v1/evaluation/plans/{plan}/kpis",
                   headers=token_for(client, "field_staff"))
    assert r.status_code == 403


@pytest.mark.parametrize("path, params", [
    ("/api/v1/evaluation/plans/1/kpis", {"start": "9999-12-31", "end": "9999-12-31"}),
    ("/api/v1/evaluation/plans/1/kpis", {"start": "2026-10-31", "end": "2026-10-01"}),
    ("/api/v1/evaluation/plans/9223372036854775807/kpis", {}),
    ("/api/v1/evaluation/plans/1/effect", {"seed": "-1"}),
    ("/api/v1/evaluation/kpis", {"dimension": "planet"}),
    ("/api/v1/evaluation/report.doc", {}),
])
def test_odd_input_is_a_clean_4xx(client: TestClient, plan: int, path: str,
                                  params: dict[str, str]) -> None:
    """Impossible dates, unknown ids, bad seeds and formats are refused, never a 5xx."""
    r = client.get(path, params=params, headers=token_for(client, "programme_manager"))
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
