"""Submitting and following jobs: who may start which kind, and who may see a job."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from doorstep.core.access import Principal, Role, allows, require
from doorstep.core.errors import NotFound, ValidationFailed
from doorstep.core.i18n import N_, Msg, codes, translate
from doorstep.core.uow import UnitOfWork
from doorstep.jobs import metrics
from doorstep.jobs.model import Job, may_follow

if TYPE_CHECKING:
    from doorstep.container import Container

codes({
    "job.crashed": N_("The background job failed after %(attempts)s attempts (%(error)s); "
                      "contact your administrator"),
    "job.retrying": N_("The background job was interrupted (attempt %(attempts)s); it will be "
                       "retried"),
    "job.unknown_kind": N_("Unknown kind of job: %(kind)s"),
    "job.entity": N_("Background job"),
})


class UnknownJobKind(ValidationFailed):
    code = "job.unknown_kind"


def principal_data(principal: Principal) -> dict[str, Any]:
    return {"user_id": principal.user_id, "username": principal.username,
            "role": principal.role.value, "branch_id": principal.branch_id,
            "staff_id": principal.staff_id, "language": principal.language}


def submit(uow: UnitOfWork, principal: Principal, kind: str, params: dict[str, Any]) -> int:
    """Store a job to run as ``principal`` (who must hold its kind's permission); its id."""
    from doorstep.jobs.kinds import KINDS

    spec = KINDS.get(kind)
    if spec is None:
        raise UnknownJobKind(kind=kind)
    require(principal, spec.permission)
    job_id = int(uow.jobs.add(kind, params, principal_data(principal), uow.clock.now()))
    metrics.submitted(kind)
    return job_id


def start(container: Container, principal: Principal, kind: str,
          params: dict[str, Any]) -> int:
    """Submit a job and send it to a worker (with ``immediate://`` it has run on return)."""
    with container.uow() as uow:
        job_id = submit(uow, principal, kind, params)
        uow.commit()
    container.job_queue().send(job_id)
    return job_id


def view(uow: UnitOfWork, principal: Principal, job_id: int) -> Job:
    """A job its starter (or an administrator) follows; anyone else is told it is not found."""
    job = uow.jobs.get(job_id)
    if job is None or not may_follow(principal, job):
        raise NotFound(entity=Msg(N_("Background job")), id=job_id)
    return job


def scheduler_principal(kind: str) -> Principal:
    """The head-office batch account a scheduled job of ``kind`` runs as."""
    from doorstep.jobs.kinds import KINDS

    permission = KINDS[kind].permission
    role = next(r for r in Role if allows(r, permission))
    return Principal(user_id=0, username="scheduler", role=role, branch_id=None)


def error_text(job: Job, lang: str) -> str:
    """Why the job failed (or is being retried), in ``lang``; empty when nothing went wrong.
    A code without a message of its own is shown through the generic one with its detail."""
    if not job.error_code:
        return ""
    text = translate(job.error_code, lang, **job.error_params)
    if text == job.error_code:
        text = translate("error", lang, detail=job.error_params.get("detail") or job.error_code)
    return text
