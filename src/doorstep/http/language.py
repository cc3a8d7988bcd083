"""The caller's language: the ``lang`` cookie or query parameter, else Accept-Language."""

from __future__ import annotations

from fastapi import Request

from doorstep.core.i18n import pick_language


def language_of(request: Request) -> str:
    chosen = request.cookies.get("lang") or request.query_params.get("lang")
    return pick_language(request.headers.get("accept-language"), chosen)
