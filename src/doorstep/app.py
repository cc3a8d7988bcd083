"""The composition root of the HTTP app: the shared edge (errors, guard, limits), the JSON
API and the web pages on one FastAPI app around a container."""

from __future__ import annotations

from fastapi import FastAPI

from doorstep import __version__
from doorstep.api import app as api
from doorstep.container import Container
from doorstep.core.logging import configure_logging
from doorstep.http import errors
from doorstep.http.guard import GuardMiddleware
from doorstep.http.limits import InFlightLimit
from doorstep.store.db import request_capacity


def create_app(container: Container | None = None) -> FastAPI:
    """Build the app around a container."""
    configure_logging()
    app = FastAPI(title="Doorstep pre-litigation visits API", version=__version__,
                  description="Pre-litigation home-visit management. Errors carry a stable "
                              "`code` and a message in zh-CN (default) or en.")
    app.state.container = container or Container.build()
    errors.install(app)
    api.install(app)
    _install_web(app)

    container_ = app.state.container
    capacity = request_capacity(container_.engine)
    limit = max(min(container_.settings.max_in_flight, capacity), 1)
    app.add_middleware(InFlightLimit, limit=limit)
    app.add_middleware(GuardMiddleware)
    return app


def _install_web(app: FastAPI) -> None:
    try:
        from doorstep.web.app import install
    except ImportError:  # the web layer is optional in API-only deployments
        return
    install(app)
