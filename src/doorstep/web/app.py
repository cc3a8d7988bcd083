"""The web shell: static files, page routers and HTML error pages on the FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

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
