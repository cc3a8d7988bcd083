"""Errors → HTTP, once: a stable code and a message in the caller's language."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from doorstep.cases.lifecycle import COMMAND_LABELS, Command
from doorstep.cases.model import STATE_LABELS, CaseState
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import pick_language, register, translate

log = structlog.get_logger("doorstep.api")

register({
    "http.404": ("请求的地址不存在", "No such address"),
    "http.405": ("不支持该请求方法", "Method not allowed"),
    "http.413": ("请求体过大（上限 {limit}）", "Request body too large (limit {limit})"),
    "http.error": ("请求失败（HTTP {status}）", "Request failed (HTTP {status})"),
    "request.invalid": ("请求参数有误：{fields}", "Invalid request: {fields}"),
    "internal": ("系统内部错误，请稍后重试；如持续出现请联系管理员（编号 {ref}）",
                 "Internal error; try again later or contact support (ref {ref})"),
})


def language_of(request: Request) -> str:
    chosen = request.cookies.get("lang") or request.query_params.get("lang")
    return pick_language(request.headers.get("accept-language"), chosen)


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def _field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc if p not in ("body", "query", "path"))


async def _doorstep_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DoorstepError)
    lang = language_of(request)
    shown = {k: _label(k, v, lang) for k, v in exc.params.items()}
    message = translate(exc.code, lang, detail=exc.detail, **shown)
    params = {k: v for k, v in exc.params.items() if isinstance(v, str | int | float | bool)}
    return JSONResponse(error_body(exc.code, message, params=params), status_code=exc.http_status)


def _label(key: str, value: Any, lang: str) -> Any:
    """Show states and commands by their names in the user's language."""
    index = 0 if lang == "zh-CN" else 1
    try:
        if key == "state":
            return STATE_LABELS[CaseState(value)][index]
        if key == "command":
            return COMMAND_LABELS[Command(value)][index]
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
    code = f"http.{exc.status_code}" if exc.status_code in (404, 405) else "http.error"
    message = translate(code, language_of(request), status=exc.status_code)
    if isinstance(exc.detail, str) and exc.status_code not in (404, 405):
        message = exc.detail
    return JSONResponse(error_body(code, message), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


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
    app.add_exception_handler(Exception, _unexpected)
