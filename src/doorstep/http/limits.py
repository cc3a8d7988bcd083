"""A per-worker cap on requests in flight, so overload queues instead of deadlocking."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

#: Probes answer even when the worker is saturated.
UNLIMITED = frozenset({"/health", "/ready", "/metrics"})


class InFlightLimit:
    """Pure ASGI: at most ``limit`` HTTP requests run at once; the rest wait their turn on
    the event loop, holding neither a thread nor a database connection."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.app = app
        self.limit = limit
        self._slots = asyncio.Semaphore(limit)
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in UNLIMITED:
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a test client may serve the same app from a new loop
            self._slots, self._loop = asyncio.Semaphore(self.limit), loop
        async with self._slots:
            await self.app(scope, receive, send)
