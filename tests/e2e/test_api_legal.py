"""Legal API: queue, mediation with extension (422 without reason), agreement import,
failure → litigation, and the case-file export refused out of scope or role."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient

from doorstep.container import Container
from doorstep.core.access import Role
from tests import factories as f
from tests.e2e.conftest import token_for
from tests.integration.legal.legal_setup import PDF, escalated_case
from tests.pdf_text import pdf_text


@pytest.fixture
def legal_cases(container: Container, seeded: dict[str, int]) -> dict[str, Any]:
    f.user(container, "legal_ft", Role.LEGAL_OFFICER, "FT01")
    ns_team = f.team(container, seeded["ns"], size=3)
    return {"card": escalated_case(container, seeded["ft"], seeded["customer"], seeded["team"]),
            "ns": escalated_case(container, seeded["ns"], seeded["customer_ns"], ns_team,
                                 "AJ2026110000103", line="loan")}


def test_mediation_flow_over_the_api(client: TestClient, legal_cases: dict[str, Any]) -> None:
    """A legal officer starts mediation, cannot extend it without a reason (422), extends,
    imports the agreement."""
    h = token_for(client, "legal_officer")
    case_id = legal_cases["card"].case_id
    queue = client.get("/api/v1/legal/queue", headers=h).json()
    assert [i["why"] for i in queue if i["case_id"] == case_id] == ["refused"]
    r = client.post(f"/api/v1/legal/cases/{case_id}/mediation", json={"version": 1}, headers=h)
    assert r.status_code == 201 and r.json()["state"] == "mediation"
    bad = client.post(f"/api/v1/legal/cases/{case_id}/mediation/extensions",
                      json={"days": 10, "reason": ""}, headers=h)
    assert bad.status_code == 422 and "理由" in bad.json()["error"]["message"]
    ok = client.post(f"/api/v1/legal/cases/{case_id}/mediation/extensions",
                     json={"days": 10, "reason": "客户申请补充收入证明"}, headers=h)
    assert ok.status_code == 200
    state = client.get(f"/api/v1/legal/cases/{case_id}", headers=h).json()
    assert state["mediation"]["days_left"] == 40 and state["mediation"]["extensions"] == 1
    done = client.post(f"/api/v1/legal/cases/{case_id}/mediation/agreement", headers=h,
                       data={"version": 2, "terms": "分 6 期归还本金", "amount": "12000",
                             "instalments": 6, "signed_on": "2026-11-01"},
                       files={"file": ("调解协议.pdf", PDF, "application/pdf")})
    assert done.status_code == 201, done.text
    after = client.get(f"/api/v1/legal/cases/{case_id}", headers=h).json()
    assert after["state"] == "resolved"
    assert after["mediation"]["confirmation_deadline"] == "2026-12-01"


def test_failed_mediation_goes_to_litigation(client: TestClient,
                                             legal_cases: dict[str, Any]) -> None:
    """A failure with reason 「其他」 needs text; with a listed reason the case goes to
    litigation."""
    h = token_for(client, "legal_officer")
    case_id = legal_cases["card"].case_id
    client.post(f"/api/v1/legal/cases/{case_id}/mediation", json={"version": 1}, headers=h)
    vague = client.post(f"/api/v1/legal/cases/{case_id}/mediation/failure", headers=h,
                        json={"version": 2, "reason": "other", "text": ""})
    assert vague.status_code == 422
    r = client.post(f"/api/v1/legal/cases/{case_id}/mediation/failure", headers=h,
                    json={"version": 2, "reason": "customer_refused"})
    assert r.status_code == 200 and r.json()["state"] == "litigation"


def test_export_zip_and_pdf(client: TestClient, legal_cases: dict[str, Any]) -> None:
    """The export returns a ZIP with manifest and the PDF whose Chinese text is intact."""
    h = token_for(client, "legal_officer")
    case_id = legal_cases["card"].case_id
    z = client.get(f"/api/v1/legal/cases/{case_id}/case-file", headers=h)
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(z.content)) as zf:
        assert "manifest.json" in zf.namelist()
    p = client.get(f"/api/v1/legal/cases/{case_id}/case-file?format=pdf", headers=h)
    assert "张伟" in pdf_text(p.content) and "客户对利息计算有异议" in pdf_text(p.content)


def test_export_refused_out_of_scope_or_role(client: TestClient,
                                             legal_cases: dict[str, Any]) -> None:
    """Another branch's case is not found (404) for a branch officer; other roles get 403."""
    other = legal_cases["ns"].case_id
    r = client.get(f"/api/v1/legal/cases/{other}/case-file", headers=token_for(client, "legal_ft"))
    assert r.status_code == 404 and "未找到" in r.json()["error"]["message"]
    r = client.get(f"/api/v1/legal/cases/{legal_cases['card'].case_id}/case-file",
                   headers=token_for(client, "dispatcher"))
    assert r.status_code == 403
