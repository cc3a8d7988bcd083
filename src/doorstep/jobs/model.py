"""Jobs as values: their states, what a user may follow, and the retry rules (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from doorstep.core.access import Principal, Role


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


#: A job ends in one of these and is never run again.
FINAL = frozenset({JobState.DONE, JobState.FAILED})
#: How often a job is tried before it fails for good (a killed worker counts as a try).
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Job:
    """One background job as a user follows it."""

    id: int
    kind: str
    state: JobState
    progress: float
    params: dict[str, Any]
    started_by: str
    created_at: datetime
    attempts: int = 0
    step: str = ""
    result_kind: str | None = None
    result_id: str | None = None
    result: dict[str, Any] = field(default_factory=dict)
    error_code: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    lease_until: datetime | None = None
    worker: str | None = None

    @property
    def final(self) -> bool:
        return self.state in FINAL


#: Where a job's result is shown, by the entity its audit event names.
RESULT_LINKS = {
    "screening_run": "/screening/runs/{id}",
    "route_plan": "/dispatch",
    "model_comparison": "/improvement",
    "data_import": "/admin/data/imports/{id}",
}


#: The API resource of a job's result.
API_LINKS = {"screening_run": "/api/v1/screening/runs/{id}",
             "data_import": "/api/v1/data/imports/{id}"}


def api_link(job: Job) -> str | None:
    """The API resource of what the job made, when there is one."""
    template = API_LINKS.get(job.result_kind or "")
    return template.format(id=job.result_id) if template and job.result_id else None


def result_link(job: Job) -> str | None:
    """The page of what the job made, when it made something a page shows."""
    if job.result_kind is None or job.result_id is None:
        return None
    template = RESULT_LINKS.get(job.result_kind)
    return template.format(id=job.result_id) if template else None


def may_follow(principal: Principal, job: Job) -> bool:
    """Whoever started a job follows it; an administrator follows every job."""
    return job.started_by == principal.username or principal.role == Role.ADMIN


def lease_expired(job: Job, now: datetime) -> bool:
    """A running job whose worker stopped renewing its lease is presumed dead."""
    return job.state == JobState.RUNNING and job.lease_until is not None \
        and job.lease_until <= now


def retry_delay(attempt: int) -> timedelta:
    """Wait before another try after a failure: 10 s, 20 s, 40 s … (at most 10 minutes)."""
    return timedelta(seconds=min(10 * 2 ** max(0, attempt - 1), 600))


def clamp_progress(value: float) -> float:
    """Progress is a share between 0 and 1."""
    return max(0.0, min(1.0, float(value)))
