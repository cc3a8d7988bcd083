"""The JSON API: every ``/api/v1`` router, installed on the app the composition root builds
(``doorstep.app.create_app``). It never imports the web pages."""

from __future__ import annotations

from fastapi import FastAPI

from doorstep.api.routers import (
    approvals,
    audit,
    cases,
    customer_flags,
    dispatch,
    improvement,
    jobs,
    ops,
    outbox,
    people,
    plans,
    screening,
    teams,
    visits,
)
from doorstep.api.routers import casebook as casebook_api
from doorstep.api.routers import contacts as contacts_api
from doorstep.api.routers import evaluation as evaluation_api
from doorstep.api.routers import intake as intake_api
from doorstep.api.routers import legal as legal_api
from doorstep.api.routers import training as training_api


def install(app: FastAPI) -> None:
    """Include the API routers."""
    for router in (ops.router, people.router, cases.router, audit.router, visits.router):
        app.include_router(router)
    app.include_router(screening.router)
    app.include_router(jobs.router)
    app.include_router(outbox.router)
    app.include_router(improvement.router)
    app.include_router(legal_api.router)
    app.include_router(casebook_api.router)
    app.include_router(training_api.router)
    app.include_router(evaluation_api.router)
    app.include_router(intake_api.router)
    for extra in (plans.router, teams.router, dispatch.router, approvals.router,
                  customer_flags.router, contacts_api.router):
        app.include_router(extra)
