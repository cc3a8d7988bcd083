"""Errors on pages: HTML in the user's language instead of the API's JSON."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from doorstep.cases.lifecycle import COMMAND_LABELS, Command
from doorstep.cases.model import STATE_LABELS, CaseState
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import translate, translate_in
from doorstep.http.language import language_of
from doorstep.web.guards import LoginRequired
from doorstep.web.i18n import label
from doorstep.web.rendering import render

Handler = Callable[[Request, Exception], Awaitable[Response]]


def error_message(exc: DoorstepError, lang: str) -> str:
    """The error's message with states and commands shown by their names."""
    shown: dict[str, Any] = dict(exc.params)
    try:
        if "state" in shown:
            shown["state"] = label(STATE_LABELS[CaseState(shown["state"])], lang)
        if "command" in shown:
            shown["command"] = label(COMMAND_LABELS[Command(shown["command"])], lang)
    except ValueError:
        pass
    return translate(exc.code, lang, detail=exc.detail_in(lang), **shown)


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/docs", "/openapi", "/health", "/metrics", "/ready"))


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "errors/error.html", {"status": status, "message": message},
                  status_code=status)


def install(app: FastAPI) -> None:
    """Wrap the API's handlers: API paths keep JSON, page paths get HTML."""
    api_domain = cast(Handler, app.exception_handlers[DoorstepError])
    api_http = cast(Handler, app.exception_handlers[StarletteHTTPException])

    async def on_domain(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DoorstepError)
        if _is_api(request):
            return await api_domain(request, exc)
        return error_page(request, exc.http_status, error_message(exc, language_of(request)))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if _is_api(request) or exc.status_code != 404:
            return await api_http(request, exc)
        lang = language_of(request)
        return error_page(request, 404, translate_in(
            lang, "The page or record does not exist or is outside your branch."))

    async def on_login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        return RedirectResponse(f"/login?next={quote(exc.next_url, safe='/')}", 303)

    app.add_exception_handler(DoorstepError, on_domain)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(LoginRequired, on_login_required)
