"""Dependencies: the container, units of work, the current principal, and permissions.

``allow(Permission.X)`` is the only way a route states who may call it; the permission is
attached to the dependency so that a test can walk every route against the one table in
``core.access``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from doorstep.auth.service import bearer_principal, session_principal
from doorstep.container import Container
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import NotAuthenticated, PermissionDenied
from doorstep.store.uow import SqlUnitOfWork

SESSION_COOKIE = "doorstep_session"
PUBLIC = "public"


async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


def write_uow(container: ContainerDep) -> Iterator[SqlUnitOfWork]:
    with container.uow(write=True) as uow:
        yield uow


def read_uow(container: ContainerDep) -> Iterator[SqlUnitOfWork]:
    with container.uow(write=False) as uow:
        yield uow


UowDep = Annotated[SqlUnitOfWork, Depends(write_uow)]
ReadUowDep = Annotated[SqlUnitOfWork, Depends(read_uow)]


# Credentials looked up in the last few seconds are reused, so a busy API client does not
# cost a database round trip per request. Logging out drops the entry at once in this
# process; other workers notice a revoked token or session within CREDENTIAL_TTL seconds.
CREDENTIAL_TTL = 5.0
_recent: dict[str, tuple[float, Principal | None, str | None]] = {}


def forget_credential(token: str) -> None:
    """Drop a cached session or bearer token (called on logout)."""
    _recent.pop(f"session:{token}", None)
    _recent.pop(f"bearer:{token}", None)


def _lookup(container: Container, kind: str, token: str) -> tuple[Principal | None, str | None]:
    key = f"{kind}:{token}"
    hit = _recent.get(key)
    now = time.monotonic()
    if hit is not None and now - hit[0] < CREDENTIAL_TTL:
        return hit[1], hit[2]
    with container.uow(write=False) as uow:
        if kind == "bearer":
            principal, csrf = bearer_principal(uow, token), None
        else:
            found = session_principal(uow, token)
            principal, csrf = (found[0], found[1]) if found else (None, None)
    if len(_recent) > 10_000:
        _recent.clear()
    _recent[key] = (now, principal, csrf)
    return principal, csrf


def resolve_principal(request: Request, container: Container) -> Principal | None:
    """Bearer token first (API clients), then the web session cookie."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return _lookup(container, "bearer", auth[7:].strip())[0]
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    principal, csrf = _lookup(container, "session", cookie)
    if principal is not None:
        request.state.csrf_token = csrf
    return principal


def _credential_key(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return f"bearer:{auth[7:].strip()}"
    cookie = request.cookies.get(SESSION_COOKIE)
    return f"session:{cookie}" if cookie else None


def _fresh_in_cache(request: Request) -> bool:
    key = _credential_key(request)
    hit = _recent.get(key) if key else None
    return hit is not None and time.monotonic() - hit[0] < CREDENTIAL_TTL


async def current_principal(request: Request, container: ContainerDep) -> Principal:
    """The caller. A recently seen credential is answered on the event loop; a new one is
    looked up in the database on a worker thread."""
    if _fresh_in_cache(request):
        principal = resolve_principal(request, container)
    else:
        principal = await run_in_threadpool(resolve_principal, request, container)
    if principal is None:
        raise NotAuthenticated()
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def allow(permission: Permission) -> Any:
    """A dependency that lets only roles holding ``permission`` through."""

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if not principal.can(permission):
            raise PermissionDenied(permission=permission.value)
        return principal

    dependency.permission = permission  # type: ignore[attr-defined]
    return Depends(dependency)


def public() -> Any:
    """Marks a route as open to anyone (login, health, customer links)."""

    async def dependency() -> None:
        return None

    dependency.permission = PUBLIC  # type: ignore[attr-defined]
    return Depends(dependency)


def route_permission(endpoint_dependencies: list[Any]) -> Permission | str | None:
    for dep in endpoint_dependencies:
        call: Callable[..., Any] | None = getattr(dep, "call", None)
        perm = getattr(call, "permission", None)
        if isinstance(perm, Permission | str):
            return perm
    return None
