"""The start page, today's work: counts by state, cases past SLA, what falls due today."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from doorstep.cases import service
from doorstep.cases.model import STATE_LABELS
from doorstep.core.access import Permission, Principal
from doorstep.http.deps import ReadUowDep
from doorstep.http.language import language_of
from doorstep.web.contact_pages import overdue_panel
from doorstep.web.guards import page
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, uow: ReadUowDep,
         principal: Annotated[Principal, page(Permission.SELF)]) -> Response:
    """Today's work for the signed-in user."""
    if not principal.can(Permission.CASE_READ):
        return render(request, "home/index.html", {"summary": None})
    summary = service.today(uow, principal)
    lang = language_of(request)
    chart = {"labels": [label(STATE_LABELS[s], lang) for s, _ in summary.counts],
             "states": [s.value for s, _ in summary.counts],
             "values": [n for _, n in summary.counts]}
    return render(request, "home/index.html",
                  {"summary": summary, "chart_json": json.dumps(chart, ensure_ascii=False),
                   "overdue_complaints": overdue_panel(uow, principal, lang)})
