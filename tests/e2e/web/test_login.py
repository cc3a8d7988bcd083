"""Web login: the form, failures, lockout, redirects and logout."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from tests import factories as f
from tests.e2e.web.conftest import Login, login_csrf, page_csrf


def _post_login(client: TestClient, username: str, password: str,
                next_url: str = "/") -> httpx.Response:
    return client.post("/login", data={"username": username, "password": password,
                                       "next": next_url, "csrf_token": login_csrf(client)},
                       follow_redirects=False)


def test_anonymous_page_request_redirects_to_login_with_next(client: TestClient) -> None:
    """An anonymous request for a page is sent to /login with the page as a relative next."""
    r = client.get("/cases?state=screened", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/cases%3Fstate%3Dscreened"


def test_login_sets_a_hardened_session_cookie_and_redirects(client: TestClient) -> None:
    """A right password sets an HttpOnly, SameSite=Lax session cookie and goes to next."""
    r = _post_login(client, "dispatcher", f.PASSWORD, "/cases")
    assert r.status_code == 303 and r.headers["location"] == "/cases"
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith("doorstep_session=")]
    assert cookie and "HttpOnly" in cookie[0] and "SameSite=lax" in cookie[0]
    home = client.get("/")
    assert "今日工作" in home.text and "调度员" in home.text and "福田支行" in home.text


def test_wrong_password_shows_the_form_with_the_chinese_error(client: TestClient) -> None:
    """A wrong password re-shows the form with 用户名或密码错误 and sets no session."""
    r = _post_login(client, "dispatcher", "wrong-password-1")
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text and 'name="password"' in r.text
    assert "doorstep_session" not in client.cookies


def test_repeated_failures_lock_the_account(client: TestClient) -> None:
    """After five wrong passwords the account is locked, even for the right password."""
    for _ in range(5):
        r = _post_login(client, "analyst", "wrong-password-1")
    assert r.status_code == 423 and "账号已锁定" in r.text
    again = _post_login(client, "analyst", f.PASSWORD)
    assert again.status_code == 423 and "账号已锁定" in again.text


def test_login_without_the_form_token_is_refused(client: TestClient) -> None:
    """A login post lacking the login form's CSRF token is refused with 403."""
    r = client.post("/login", data={"username": "dispatcher", "password": f.PASSWORD},
                    follow_redirects=False)
    assert r.status_code == 403 and "页面已过期" in r.text


def test_next_cannot_redirect_off_site(client: TestClient) -> None:
    """An absolute or protocol-relative next falls back to / (no open redirect)."""
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        r = _post_login(client, "dispatcher", f.PASSWORD, evil)
        assert r.headers["location"] == "/", evil


def test_logout_needs_csrf_and_ends_the_session(client: TestClient, login: Login) -> None:
    """Logout without the token is refused; with it the session no longer opens pages."""
    login("dispatcher")
    token = page_csrf(client.get("/").text)
    assert client.post("/logout", follow_redirects=False).status_code == 403
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/cases", follow_redirects=False).status_code == 303
