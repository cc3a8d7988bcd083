"""Security headers on every kind of answer, session fixation and brute-force lockout."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from doorstep.container import Container
from doorstep.core.clock import FixedClock
from tests import factories as f
from tests.e2e.web.conftest import Login, login_csrf

HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY",
           "referrer-policy": "same-origin"}


def test_security_headers_on_html_json_static_redirects_and_errors(client: TestClient,
                                                                   login: Login) -> None:
    """Pages, API JSON, static files, redirects, 401/404/405/413/422 all carry CSP, nosniff,
    frame denial and the referrer policy."""
    anonymous = [client.get("/login"), client.get("/health"), client.get("/metrics"),
                 client.get("/static/css/app.css"), client.get("/cases", follow_redirects=False),
                 client.get("/api/v1/cases"), client.get("/api/v1/nowhere"),
                 client.delete("/api/v1/cases"),
                 client.post("/api/v1/auth/token", content=b"\xff", headers={
                     "content-type": "application/json"}),
                 client.post("/api/v1/auth/token", content=b"x" * 10,
                             headers={"content-length": str(26 * 1024 * 1024)}),
                 client.get("/static/../../etc/passwd")]
    login("analyst")
    signed_in = [client.get("/cases"), client.get("/cases/999999"), client.get("/nowhere")]
    statuses = set()
    for r in anonymous + signed_in:
        statuses.add(r.status_code)
        for name, value in HEADERS.items():
            assert r.headers.get(name) == value, (r.url, r.status_code, name)
        assert "default-src 'self'" in r.headers["content-security-policy"], r.url
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert {200, 303, 401, 404, 405, 413}.issubset(statuses)


def test_a_session_id_set_before_login_is_not_the_one_after(client: TestClient) -> None:
    """Session fixation: a cookie planted before login is replaced, and never authenticates."""
    planted = "attacker-chosen-session-id-0123456789"
    client.cookies.set("doorstep_session", planted, domain="testserver.local")
    token = login_csrf(client)
    r = client.post("/login", data={"username": "dispatcher", "password": f.PASSWORD,
                                    "next": "/", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    issued = client.cookies.get("doorstep_session")
    assert issued and issued != planted and len(issued) >= 32
    client.cookies.clear()
    client.cookies.set("doorstep_session", planted, domain="testserver.local")
    assert client.get("/cases", follow_redirects=False).status_code == 303  # still anonymous


def test_lockout_holds_across_web_and_api_and_lifts_after_the_period(
        client: TestClient, container: Container) -> None:
    """Five wrong passwords (web and API together) lock the account for 15 minutes; the right
    password is refused meanwhile and accepted once the lockout has passed."""
    def web(password: str) -> int:
        token = login_csrf(client)
        return client.post("/login", data={"username": "auditor", "password": password,
                                           "next": "/", "csrf_token": token},
                           follow_redirects=False).status_code

    def api(password: str) -> int:
        return client.post("/api/v1/auth/token",
                           json={"username": "auditor", "password": password}).status_code

    assert [web("wrong-1"), api("wrong-2"), web("wrong-3"), api("wrong-4")] == [401] * 4
    assert api("wrong-5") == 423
    assert web(f.PASSWORD) == 423 and api(f.PASSWORD) == 423
    clock = container.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(minutes=16))
    assert api(f.PASSWORD) == 200
