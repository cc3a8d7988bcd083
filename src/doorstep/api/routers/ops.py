"""Operations: liveness, readiness (database reachable and migrated), Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from doorstep.http import metrics
from doorstep.http.deps import ContainerDep, public
from doorstep.store.db import schema_revision

router = APIRouter(tags=["ops"])


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
def prometheus(container: ContainerDep) -> Response:
    """Requests, latencies and jobs (by state, outcome, duration), summed over workers."""

    def job_counts() -> dict[tuple[str, str], int]:
        with container.uow(write=False) as uow:
            return dict(uow.jobs.counts())

    return Response(metrics.render(job_counts), media_type=CONTENT_TYPE_LATEST)
