"""Errors → HTTP, once: a stable code and a message in the caller's language."""

from __future__ import annotations

import os
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from doorstep.cases.lifecycle import COMMAND_LABELS, Command
from doorstep.cases.model import STATE_LABELS, CaseState
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, codes, label_in, translate
from doorstep.http.language import language_of
from doorstep.visits.evidence.store import NO_ROOM, StorageFull

log = structlog.get_logger("doorstep.api")

codes({
    "http.400": N_("The request body could not be parsed; send valid UTF-8 JSON"),
    "http.404": N_("No such address"),
    "http.405": N_("Method not allowed"),
    "http.413": N_("Request body too large (limit %(limit)s)"),
    "http.error": N_("Request failed (HTTP %(status)s)"),
    "request.invalid": N_("Invalid request: %(fields)s"),
    "request.out_of_range": N_("A request value is out of range or malformed"),
    "database.unavailable": N_("The database is briefly unavailable; please retry shortly"),
    "request.conflict": N_("This clashes with data written a moment ago (for example a number "
                           "taken at the same time); nothing was changed. Refresh and try again"),
    "internal": N_("Internal error; try again later or contact support (ref %(ref)s)"),
})


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def _field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc if p not in ("body", "query", "path"))


async def _doorstep_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DoorstepError)
    lang = language_of(request)
    shown = {k: _label(k, v, lang) for k, v in exc.params.items()}
    message = translate(exc.code, lang, detail=exc.detail_in(lang), **shown)
    params = {k: v for k, v in exc.params.items() if isinstance(v, str | int | float | bool)}
    return JSONResponse(error_body(exc.code, message, params=params), status_code=exc.http_status)


def _label(key: str, value: Any, lang: str) -> Any:
    """Show states and commands by their names in the user's language."""
    try:
        if key == "state":
            return label_in(STATE_LABELS[CaseState(value)], lang)
        if key == "command":
            return label_in(COMMAND_LABELS[Command(value)], lang)
    except ValueError:
        return value
    return value


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    fields = ", ".join(sorted({_field_name(tuple(e.get("loc", ()))) or "body" for e in errors}))
    details = [{"field": _field_name(tuple(e.get("loc", ()))), "problem": e.get("msg", "")}
               for e in errors]
    message = translate("request.invalid", language_of(request), fields=fields)
    return JSONResponse(error_body("request.invalid", message, fields=details), status_code=422)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    cause = exc.__cause__
    if isinstance(cause, OSError) and cause.errno in NO_ROOM:
        # The upload could not even be spooled to a temporary file: the disk is full.
        return await _doorstep_error(request, StorageFull(os.strerror(cause.errno)))
    code = f"http.{exc.status_code}" if exc.status_code in (400, 404, 405) else "http.error"
    message = translate(code, language_of(request), status=exc.status_code)
    if isinstance(exc.detail, str) and exc.status_code not in (400, 404, 405):
        message = exc.detail
    return JSONResponse(error_body(code, message), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def _out_of_range(request: Request, exc: Exception) -> Response:
    """A value the database cannot hold (an id beyond 64 bits, a NUL in text) is bad input."""
    log.info("request_out_of_range", path=request.url.path, error=type(exc).__name__)
    message = translate("request.out_of_range", language_of(request))
    return JSONResponse(error_body("request.out_of_range", message), status_code=422)


async def _conflict(request: Request, exc: Exception) -> Response:
    """A uniqueness or reference check the database enforced (two requests racing for the
    same version number, say): the transaction was rolled back, so 409 and retry."""
    log.info("request_conflict", path=request.url.path, error=type(exc).__name__)
    message = translate("request.conflict", language_of(request))
    return JSONResponse(error_body("request.conflict", message), status_code=409)


async def _database_down(request: Request, exc: Exception) -> Response:
    """A lost, refused or busy database is temporary: 503 so the client retries. The
    transaction did not complete (or, rarely, only the answer to its commit was lost), which
    is why a visit is retried with the same idempotency key: a replay returns the first."""
    log.warning("database_unavailable", path=request.url.path, error=type(exc).__name__)
    message = translate("database.unavailable", language_of(request))
    return JSONResponse(error_body("database.unavailable", message), status_code=503,
                        headers={"Retry-After": "2"})


async def _unexpected(request: Request, exc: Exception) -> Response:
    import secrets

    ref = secrets.token_hex(4)
    log.error("unhandled_error", ref=ref, path=request.url.path, error=type(exc).__name__)
    return JSONResponse(error_body("internal", translate("internal", language_of(request),
                                                         ref=ref)), status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DoorstepError, _doorstep_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(IntegrityError, _conflict)
    for lost in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(lost, _database_down)
    app.add_exception_handler(Exception, _unexpected)
