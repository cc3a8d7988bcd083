"""The job page: progress polled by htmx every second, then the result page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.core.access import Permission, Principal
from doorstep.core.i18n import N_, _
from doorstep.http.deps import ReadUowDep
from doorstep.http.language import language_of
from doorstep.jobs import service
from doorstep.jobs.model import Job, result_link
from doorstep.web.guards import page
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
#: What the result page says when it opens after a job (its flash message).
DONE_FLASH = {"screening.run": "run"}
#: The words for a job's state, kind and step (msgids); an unknown step is shown as it is.
STATE_LABELS = {"queued": N_("Queued"), "running": N_("Running"), "done": N_("Done"),
                "failed": N_("Failed")}
KIND_LABELS = {
    "data.import": N_("Data import"), "screening.run": N_("Screening run"),
    "routes.plan": N_("Route planning"), "routes.plan_tomorrow": N_("Tomorrow's routes"),
    "reports.monthly": N_("Monthly report"), "screening.retrain": N_("Model retraining"),
    "outbox.deliver": N_("Message delivery"), "evaluation.refresh": N_("KPI refresh"),
    "ops.retention": N_("Retention purge"), "timers": N_("Timers"),
}
STEP_LABELS = {"check": N_("Checking the rows"), "write": N_("Writing the rows"),
               "saving": N_("Saving the list"), "features": N_("Computing features"),
               "rules and risk": N_("Rules and risk"), "ranking": N_("Ranking the list"),
               "reasons": N_("Reasons"), "routing": N_("Solving routes")}


def _result_page(job: Job) -> str | None:
    link = result_link(job)
    if link is None or job.kind not in DONE_FLASH:
        return link
    return f"{link}?done={DONE_FLASH[job.kind]}"


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: int, uow: ReadUowDep,
             principal: Annotated[Principal, page(Permission.SELF)]) -> Response:
    """A job you started: its progress while it runs, then its result (or the error)."""
    job = service.view(uow, principal, job_id)
    target = _result_page(job) if job.state == "done" else None
    htmx = request.headers.get("HX-Request") == "true"
    if target and not htmx:
        return RedirectResponse(target, status_code=303)
    error = service.error_text(job, language_of(request))
    context = {"job": job, "error": error, "target": target, "percent": round(job.progress * 100),
               "state_label": _(STATE_LABELS.get(job.state.value, job.state.value)),
               "kind_label": _(KIND_LABELS[job.kind]) if job.kind in KIND_LABELS else job.kind,
               "shown_step": _(STEP_LABELS[job.step]) if job.step in STEP_LABELS else job.step}
    response = render(request, "jobs/_status.html" if htmx else "jobs/job.html", context)
    if target and htmx:
        response.headers["HX-Redirect"] = target
    return response
