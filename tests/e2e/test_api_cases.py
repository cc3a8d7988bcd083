"""The case API: transitions with versions, clear 4xx errors, masking and reveal, headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.conftest import token_for


def test_transition_through_the_api_and_stale_version_409(client: TestClient,
                                                          seeded: dict[str, int]) -> None:
    """A transition returns the new version; replaying the old version gets 409 in Chinese."""
    h = token_for(client, "analyst")
    url = f"/api/v1/cases/{seeded['case']}/transitions"
    r = client.post(url, headers=h, json={"command": "approve", "version": 1})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["state"] == "approved" and body["version"] == 2
    assert body["history"][-1]["action"] == "case.approve"
    r = client.post(url, headers=h, json={"command": "approve", "version": 1})
    assert r.status_code == 409
    assert "已被他人修改" in r.json()["error"]["message"]


def test_illegal_command_gets_409_naming_the_state(client: TestClient,
                                                   seeded: dict[str, int]) -> None:
    """A command the state does not allow gets 409 with the state's Chinese name."""
    h = token_for(client, "legal_officer")
    r = client.post(f"/api/v1/cases/{seeded['case']}/transitions", headers=h,
                    json={"command": "start_mediation", "version": 1})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "case.illegal_transition"
    assert "已筛选" in r.json()["error"]["message"]


def test_bad_input_gets_a_clear_422(client: TestClient, seeded: dict[str, int]) -> None:
    """Wrong types, unknown fields and unknown commands get 422 naming the fields."""
    h = token_for(client, "analyst")
    r = client.post(f"/api/v1/cases/{seeded['case']}/transitions", headers=h,
                    json={"command": "teleport", "version": "x", "extra": 1})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "request.invalid"
    assert {"command", "version", "extra"} <= {f["field"] for f in err["fields"]}
    assert client.get("/api/v1/cases?page_size=999", headers=h).status_code == 422
    assert client.get("/api/v1/cases/999999", headers=h).status_code == 404


def test_english_messages_on_request(client: TestClient, seeded: dict[str, int]) -> None:
    """Accept-Language: en gives the English message."""
    r = client.get("/api/v1/cases", headers={"Accept-Language": "en"})
    assert r.json()["error"]["message"] == "Please log in"


def test_customer_is_masked_and_reveal_needs_permission(client: TestClient,
                                                        seeded: dict[str, int]) -> None:
    """The API masks personal data; only roles with reveal get the value, and it is audited."""
    url = f"/api/v1/customers/{seeded['customer']}"
    body = client.get(url, headers=token_for(client, "dispatcher")).json()
    assert body["phone"] == "138****5678" and body["national_id"] == "440301********1234"
    denied = client.post(url + "/reveal", headers=token_for(client, "dispatcher"),
                         json={"field": "phone", "purpose": "核实"})
    assert denied.status_code == 403
    field = token_for(client, "field_staff")
    shown = client.post(url + "/reveal", headers=field, json={"field": "phone", "purpose": "预约"})
    assert shown.json()["value"] == "13812345678"
    events = client.get("/api/v1/audit/events", params={"entity": "customer"},
                        headers=token_for(client, "auditor")).json()
    assert events[0]["action"] == "customer.reveal"


def test_open_case_and_limits(client: TestClient, seeded: dict[str, int]) -> None:
    """Opening a case validates amounts and priority; a valid one starts as screened."""
    h = token_for(client, "analyst")
    bad = client.post("/api/v1/cases", headers=h, json={
        "customer_id": seeded["customer"], "case_type": "loan_dispute",
        "business_line": "loan", "priority": 9, "amount_at_stake": "-5"})
    assert bad.status_code == 422
    ok = client.post("/api/v1/cases", headers=h, json={
        "customer_id": seeded["customer"], "case_type": "loan_dispute",
        "business_line": "loan", "summary": "客户对贷款审批流程有异议"})
    assert ok.status_code == 201 and ok.json()["state"] == "screened"


def test_security_headers_health_and_oversized_body(client: TestClient) -> None:
    """Responses carry security headers; /health answers; a huge body gets 413."""
    r = client.get("/health")
    assert r.status_code == 200 and r.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert client.get("/ready").json()["status"] == "ready"
    big = client.post("/api/v1/auth/token", content=b"x",
                      headers={"Content-Length": str(30 * 1024 * 1024),
                               "Content-Type": "application/json"})
    assert big.status_code == 413
