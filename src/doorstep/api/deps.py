"""Dependencies: the container, units of work, the current principal, and permissions.

``allow(Permission.X)`` is the only way a route states who may call it; the permission is
attached to the dependency so that a test can walk every route against the one table in
``core.access``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Request

from doorstep.auth.service import bearer_principal, session_principal
from doorstep.container import Container
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import NotAuthenticated, PermissionDenied
from doorstep.store.uow import SqlUnitOfWork

SESSION_COOKIE = "doorstep_session"
PUBLIC = "public"


def get_container(request: Request) -> Container:
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


def resolve_principal(request: Request, container: Container) -> Principal | None:
    """Bearer token first (API clients), then the web session cookie."""
    auth = request.headers.get("authorization", "")
    with container.uow(write=False) as uow:
        if auth.lower().startswith("bearer "):
            return bearer_principal(uow, auth[7:].strip())
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            found = session_principal(uow, cookie)
            if found is not None:
                request.state.csrf_token = found[1]
                return found[0]
    return None


def current_principal(request: Request, container: ContainerDep) -> Principal:
    principal = resolve_principal(request, container)
    if principal is None:
        raise NotAuthenticated()
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def allow(permission: Permission) -> Any:
    """A dependency that lets only roles holding ``permission`` through."""

    def dependency(principal: CurrentPrincipal) -> Principal:
        if not principal.can(permission):
            raise PermissionDenied(permission=permission.value)
        return principal

    dependency.permission = permission  # type: ignore[attr-defined]
    return Depends(dependency)


def public() -> Any:
    """Marks a route as open to anyone (login, health, customer links)."""

    def dependency() -> None:
        return None

    dependency.permission = PUBLIC  # type: ignore[attr-defined]
    return Depends(dependency)


def route_permission(endpoint_dependencies: list[Any]) -> Permission | str | None:
    for dep in endpoint_dependencies:
        call: Callable[..., Any] | None = getattr(dep, "call", None)
        perm = getattr(call, "permission", None)
        if perm is not None:
            return perm
    return None
