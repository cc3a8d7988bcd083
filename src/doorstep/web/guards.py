"""Who may open a page: login redirect, permission check and CSRF for forms.

``page(Permission.X)`` is the only way a page route states who may see it; like the API's
``allow`` it carries the permission, so a test can walk every page against ``core.access``.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, Request

from doorstep.core.access import Permission, Principal
from doorstep.core.errors import CsrfFailed, PermissionDenied
from doorstep.http.deps import ContainerDep, resolve_principal

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class LoginRequired(Exception):
    """Raised for an anonymous page request; answered by a redirect to ``/login``."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def safe_next(value: str | None) -> str:
    """A relative path on this site, or ``/``: never an open redirect."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or "\\" in value or any(ord(c) < 32 for c in value):
        return "/"
    return value


def page(permission: Permission) -> Any:
    """A dependency: the signed-in principal holding ``permission``."""

    def dependency(request: Request, container: ContainerDep) -> Principal:
        principal = resolve_principal(request, container)
        if principal is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(safe_next(target))
        request.state.principal = principal
        if not principal.can(permission):
            raise PermissionDenied(permission=permission.value)
        return principal

    dependency.permission = permission  # type: ignore[attr-defined]
    return Depends(dependency)


def page_form(permission: Permission) -> Any:
    """Like :func:`page`, for a state-changing POST: also checks the CSRF token."""
    base = page(permission)

    async def dependency(request: Request, principal: Principal = base) -> Principal:
        await check_csrf(request)
        return principal

    dependency.permission = permission  # type: ignore[attr-defined]
    return Depends(dependency)


async def check_csrf(request: Request) -> None:
    """Double submit: the form field (or htmx header) must equal the session's token."""
    expected = getattr(request.state, "csrf_token", None)
    given: Any = request.headers.get(CSRF_HEADER)
    if not given:
        given = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(given, str) or not secrets.compare_digest(
        given.encode(), str(expected).encode()
    ):
        raise CsrfFailed()
