"""Background jobs: start a long operation, follow it, fetch its result."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from doorstep.core.access import Permission, Principal
from doorstep.http.deps import ContainerDep, ReadUowDep, allow
from doorstep.http.language import language_of
from doorstep.jobs import service
from doorstep.jobs.model import Job, api_link, result_link

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])
#: Anyone signed in; what a job may do is checked against its kind's permission.
Anyone = Annotated[Principal, allow(Permission.SELF)]


class JobError(BaseModel):
    code: str
    message: str


class JobPublic(BaseModel):
    id: int
    kind: str
    state: Literal["queued", "running", "done", "failed"]
    progress: float = Field(ge=0, le=1)
    step: str
    attempts: int
    result_url: str | None = Field(None, description="the API resource the job made")
    result_page: str | None = Field(None, description="the web page that shows the result")
    result: dict[str, Any]
    error: JobError | None
    created_at: datetime
    finished_at: datetime | None


class JobCreate(BaseModel):
    kind: Literal["routes.plan", "reports.monthly", "screening.retrain", "evaluation.refresh"]
    params: dict[str, str | int | float | None] = Field(default_factory=dict)


def job_public(job: Job, lang: str) -> JobPublic:
    error = None
    if job.error_code:
        error = JobError(code=job.error_code, message=service.error_text(job, lang))
    return JobPublic(id=job.id, kind=job.kind, state=job.state.value, progress=job.progress,
                     step=job.step, attempts=job.attempts, result_url=api_link(job),
                     result_page=result_link(job), result=job.result, error=error,
                     created_at=job.created_at, finished_at=job.finished_at)


def accepted(response: Response, job_id: int) -> None:
    """``202 Accepted`` with ``Location`` of the job to follow."""
    response.status_code = 202
    response.headers["Location"] = f"/api/v1/jobs/{job_id}"


@router.post("", response_model=JobPublic, status_code=202)
def start_job(body: JobCreate, request: Request, response: Response, container: ContainerDep,
              principal: Anyone) -> JobPublic:
    """Start a long operation; follow it at ``Location`` (needs the operation's permission)."""
    job_id = service.start(container, principal, body.kind, dict(body.params))
    accepted(response, job_id)
    with container.uow(write=False) as uow:
        return job_public(service.view(uow, principal, job_id), language_of(request))


@router.get("/{job_id}", response_model=JobPublic)
def get_job(job_id: int, request: Request, uow: ReadUowDep,
            principal: Anyone) -> JobPublic:
    """A job you started: state, progress 0–1, result link, or the error in your language."""
    return job_public(service.view(uow, principal, job_id), language_of(request))
