"""Log in, log out and choose the language."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.auth import service as auth
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import AccountLocked, AuthenticationFailed, CsrfFailed
from doorstep.http.deps import SESSION_COOKIE, ContainerDep, forget_credential, public
from doorstep.http.language import language_of
from doorstep.web.errors import error_message
from doorstep.web.guards import page_form, safe_next
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "doorstep_login_csrf"
LANG_COOKIE = "lang"
YEAR = 365 * 24 * 3600


def _login_form(request: Request, next_url: str, error: str = "", username: str = "",
                status: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "auth/login.html",
                      {"next": safe_next(next_url), "error": error, "username": username,
                       "login_csrf": token}, status_code=status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.container.settings.cookie_secure, path="/login")
    return response


@router.get("/login", dependencies=[public()])
def login_form(request: Request, next: str = "/") -> Response:
    """The login form."""
    return _login_form(request, next)


@router.post("/login", dependencies=[public()])
def login(request: Request, container: ContainerDep, username: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/",
          csrf_token: Annotated[str, Form()] = "") -> Response:
    """Check the password; on success start a fresh session and go on."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    lang = language_of(request)
    if not cookie or not secrets.compare_digest(cookie.encode(), csrf_token.encode()):
        return _login_form(request, next, error_message(CsrfFailed(), lang), username, 403)
    try:
        with container.uow() as uow:
            try:
                session = auth.login(uow, username.strip()[:64], password,
                                     container.login_policy)
            except (AuthenticationFailed, AccountLocked):
                uow.commit()  # a wrong password is counted even though the login fails
                raise
            uow.commit()
    except (AuthenticationFailed, AccountLocked) as exc:
        return _login_form(request, next, error_message(exc, lang), username,
                           exc.http_status)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, session.token, httponly=True, samesite="lax",
                        secure=container.settings.cookie_secure,
                        max_age=int(container.login_policy.session_length.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, container: ContainerDep,
           principal: Annotated[Principal, page_form(Permission.SELF)]) -> Response:
    """End the session."""
    token = request.cookies.get(SESSION_COOKIE, "")
    with container.uow() as uow:
        auth.logout(uow, token)
        uow.commit()
    forget_credential(token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/lang/{code}", dependencies=[public()])
def choose_language(code: str, next: str = "/") -> Response:
    """Remember the chosen language (zh-CN or en) in a cookie and go back."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in ("zh-CN", "en"):
        response.set_cookie(LANG_COOKIE, code, max_age=YEAR, samesite="lax")
    return response
