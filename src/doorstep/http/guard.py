"""The guard every request passes: body limits, security headers, request log and metrics."""

from __future__ import annotations

import time

import structlog
from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from doorstep.core.i18n import set_language, translate
from doorstep.http import errors, metrics
from doorstep.http.language import language_of

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
        set_language(language_of(Request(scope)))
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
            msg = translate("http.413", language_of(request),
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
