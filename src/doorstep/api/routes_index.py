"""Every HTTP route with the permission it states: what the authorisation test walks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from doorstep.core.access import Permission
from doorstep.http.deps import route_permission


@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str
    permission: Permission | str | None


def _walk(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _walk(inner.routes)


def api_routes(app: FastAPI) -> list[RouteInfo]:
    found = []
    for route in _walk(app.routes):
        deps = list(route.dependant.dependencies)
        perm = route_permission(deps)
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                found.append(RouteInfo(method, route.path, perm))
    return found
