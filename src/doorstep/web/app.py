"""The web shell: static files, page routers and HTML error pages on the FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from doorstep.core.i18n import N_, codes
from doorstep.web import (  # noqa: F401
    appointment_pages,
    approval_pages,
    audit_pages,
    auth_pages,
    case_pages,
    casebook_pages,
    complaint_pages,
    contact_pages,
    customer_pages,
    dispatch_pages,
    dispatch_text,
    errors,
    evaluation_pages,
    field_pages,
    home_pages,
    improvement_pages,
    intake_pages,
    job_pages,
    legal_pages,
    plan_pages,
    screening_pages,
    team_pages,
    training_pages,
)
from doorstep.web.rendering import HERE

# Codes that pages not yet moved to gettext (the navigation, the dispatch board, the evaluation
# dashboard) still look up with ``t()``, now read through gettext: their per-page tables are
# gone. Remove once nothing calls ``t()`` (issue 14).
codes({
    "web.nav.improvement": N_("Improvement"), "web.nav.data": N_("Data intake"),
    "web.nav.legal": N_("Mediation"), "web.nav.screening": N_("Screening"),
    "web.nav.training": N_("Training"),
    "web.plans.metric": N_("Metric"), "web.plans.target": N_("Target"),
    "web.plans.actual": N_("So far"), "web.plans.met": N_("Met"),
    "web.plans.not_met": N_("Not met"), "web.plans.no_data": N_("No data yet"),
    "web.dispatch.offer": N_("Offer slots"),
    "web.dispatch.offered": N_("Link sent to the customer; slots: %(slots)s"),
    "web.dispatch.replan": N_("Re-plan"),
    "web.dispatch.replanned": N_("Re-planned; visits already started stay as they are"),
    "web.dispatch.team": N_("Team"),
    "web.job.state.queued": N_("Queued"), "web.job.state.running": N_("Running"),
    "web.job.state.done": N_("Done"), "web.job.state.failed": N_("Failed"),
    "web.job.progress": N_("Progress"),
})


def install(app: FastAPI) -> None:
    """Mount ``/static`` and the server-rendered pages."""
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (auth_pages, home_pages, case_pages, contact_pages, customer_pages,
                   audit_pages):
        app.include_router(module.router)
    for extra in (dispatch_pages, appointment_pages, field_pages, plan_pages, team_pages):
        app.include_router(extra.router)
    app.include_router(screening_pages.router)
    app.include_router(job_pages.router)
    app.include_router(legal_pages.router)
    app.include_router(improvement_pages.router)
    app.include_router(casebook_pages.router)
    app.include_router(training_pages.router)
    app.include_router(evaluation_pages.router)
    app.include_router(approval_pages.router)
    app.include_router(complaint_pages.router)
    app.include_router(intake_pages.router)
    errors.install(app)
