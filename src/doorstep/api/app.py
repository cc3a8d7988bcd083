"""The FastAPI application: API routers, web pages, middleware, error mapping."""

from __future__ import annotations

import time

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from doorstep import __version__
from doorstep.api import errors, metrics
from doorstep.api.limits import InFlightLimit
from doorstep.api.routers import (
    approvals,
    audit,
    cases,
    customer_flags,
    dispatch,
    improvement,
    jobs,
    ops,
    outbox,
    people,
    plans,
    screening,
    teams,
    visits,
)
from doorstep.api.routers import casebook as casebook_api
from doorstep.api.routers import contacts as contacts_api
from doorstep.api.routers import evaluation as evaluation_api
from doorstep.api.routers import intake as intake_api
from doorstep.api.routers import legal as legal_api
from doorstep.api.routers import training as training_api
from doorstep.container import Container
from doorstep.core.i18n import set_language, translate
from doorstep.core.logging import configure_logging
from doorstep.store.db import request_capacity

MAX_BODY = 25 * 1024 * 1024
# a bank's export (数据接入) may be large; the import streams it to disk, never into memory
MAX_IMPORT_BODY = 1024 * 1024 * 1024
IMPORT_PATHS = ("/api/v1/data/", "/admin/data")
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
    for router in (ops.router, people.router, cases.router, audit.router, visits.router):
        app.include_router(router)
    app.include_router(screening.router)
    app.include_router(jobs.router)
    app.include_router(outbox.router)
    app.include_router(improvement.router)
    app.include_router(legal_api.router)
    app.include_router(casebook_api.router)
    app.include_router(training_api.router)
    app.include_router(evaluation_api.router)
    app.include_router(intake_api.router)
    for extra in (plans.router, teams.router, dispatch.router, approvals.router,
                  customer_flags.router, contacts_api.router):
        app.include_router(extra)
    _install_web(app)

    container_ = app.state.container
    capacity = request_capacity(container_.engine)
    limit = max(min(container_.settings.max_in_flight, capacity), 1)
    app.add_middleware(InFlightLimit, limit=limit)
    app.add_middleware(GuardMiddleware)
    return app


class GuardMiddleware:
    """Pure ASGI: refuse oversized bodies, add security headers, log and count requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # Python-side messages (``_()``, ``str(Msg)``) speak the language of this request.
        set_language(errors.language_of(Request(scope)))
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"")
        status = {"code": 500}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                         if k.lower().encode() not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        big = str(scope.get("path", "")).startswith(IMPORT_PATHS)
        if length.isdigit() and int(length) > (MAX_IMPORT_BODY if big else MAX_BODY):
            request = Request(scope)
            msg = translate("http.413", errors.language_of(request),
                            limit="1 GB" if big else "25 MB")
            response = JSONResponse(errors.error_body("http.413", msg), 413)
            await response(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)
        route = scope.get("route")
        path = getattr(route, "path", "unmatched")
        elapsed = time.perf_counter() - started
        metrics.observe(scope["method"], path, status["code"], elapsed)
        log.info("request", method=scope["method"], route=path, status=status["code"],
                 ms=round(elapsed * 1000, 1))


def _install_web(app: FastAPI) -> None:
    try:
        from doorstep.web.app import install
    except ImportError:  # the web layer is optional in API-only deployments
        return
    install(app)
