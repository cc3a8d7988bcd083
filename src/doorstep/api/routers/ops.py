"""Operations: liveness, readiness (database reachable and migrated), Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse

from doorstep.api import metrics
from doorstep.api.deps import ContainerDep, public
from doorstep.store.db import schema_revision

router = APIRouter(tags=["ops 运维"])


@router.get("/health", dependencies=[public()])
def health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready", dependencies=[public()])
def ready(container: ContainerDep) -> JSONResponse:
    """The database answers and is migrated."""
    try:
        version = schema_revision(container.engine)
    except Exception as exc:  # noqa: BLE001 - readiness reports any failure as not ready
        return JSONResponse({"status": "unavailable", "reason": type(exc).__name__}, 503)
    return JSONResponse({"status": "ready", "schema": version})


@router.get("/metrics", response_class=PlainTextResponse, dependencies=[public()])
def prometheus() -> str:
    """Request counts and latencies in the Prometheus text format."""
    return metrics.render()
