"""Overload: a worker runs at most half its pool's ceiling of requests at once, so a burst
queues on the event loop instead of deadlocking on database connections; probes skip it."""

from __future__ import annotations

import asyncio
from typing import Any

from doorstep.container import Container
from doorstep.http.limits import InFlightLimit
from doorstep.store.db import make_engine, request_capacity


def _scope(path: str) -> dict[str, Any]:
    return {"type": "http", "path": path, "method": "GET", "headers": []}


async def _burst(limit: int, path: str, n: int) -> int:
    running = peak = 0

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1

    guarded = InFlightLimit(app, limit)

    async def nothing(*_: Any) -> Any:
        return None

    await asyncio.gather(*(guarded(_scope(path), nothing, nothing) for _ in range(n)))
    return peak


def test_burst_is_queued_to_the_limit() -> None:
    """Fifty simultaneous requests run at most three at a time behind a limit of three."""
    assert asyncio.run(_burst(3, "/api/v1/cases", 50)) == 3


def test_health_probes_are_never_queued() -> None:
    """/health answers even when the worker is saturated: it is not counted by the limit."""
    assert asyncio.run(_burst(1, "/health", 10)) == 10


def test_capacity_is_half_the_pool_ceiling(container: Container) -> None:
    """PostgreSQL's pool (10 + 20 overflow) allows 15 requests; SQLite's (5 + 10) allows 7."""
    pg = make_engine("postgresql://nobody@127.0.0.1:1/none")
    assert request_capacity(pg) == 15
    pg.dispose()
    expected = 15 if container.engine.dialect.name == "postgresql" else 7
    assert request_capacity(container.engine) == expected
