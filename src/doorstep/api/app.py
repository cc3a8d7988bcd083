"""The FastAPI application: API routers, web pages, middleware, error mapping."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from doorstep import __version__
from doorstep.api import errors, metrics
from doorstep.api.routers import audit, cases, ops, people
from doorstep.container import Container
from doorstep.core.i18n import translate
from doorstep.core.logging import configure_logging

MAX_BODY = 25 * 1024 * 1024
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'"
    ),
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(self)",
}

log = structlog.get_logger("doorstep.http")


def create_app(container: Container | None = None) -> FastAPI:
    """Build the app around a container (the composition root)."""
    configure_logging()
    app = FastAPI(title="Doorstep 诉前上门 API", version=__version__,
                  description="Pre-litigation home-visit management. Errors carry a stable "
                              "`code` and a message in zh-CN (default) or en.")
    app.state.container = container or Container.build()
    errors.install(app)
    for router in (ops.router, people.router, cases.router, audit.router):
        app.include_router(router)
    _install_web(app)

    @app.middleware("http")
    async def guard(request: Request,
                    call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY:
            msg = translate("http.413", errors.language_of(request), limit="25 MB")
            response: Response = JSONResponse(errors.error_body("http.413", msg), 413)
        else:
            response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        elapsed = time.perf_counter() - started
        metrics.observe(request.method, path, response.status_code, elapsed)
        log.info("request", method=request.method, route=path, status=response.status_code,
                 ms=round(elapsed * 1000, 1))
        return response

    return app


def _install_web(app: FastAPI) -> None:
    try:
        from doorstep.web.app import install
    except ImportError:  # the web layer is optional in API-only deployments
        return
    install(app)
