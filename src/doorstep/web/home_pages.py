"""The start page, 今日工作: counts by state, cases past SLA, what falls due today."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from doorstep.api.deps import ReadUowDep
from doorstep.api.errors import language_of
from doorstep.cases import service
from doorstep.cases.model import OPEN_STATES, STATE_LABELS, CaseState
from doorstep.cases.queries import CaseListItem, CaseQuery
from doorstep.core.access import Permission, Principal
from doorstep.core.clock import local
from doorstep.store.uow import SqlUnitOfWork
from doorstep.web.guards import page
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
OPEN = tuple(s for s in CaseState if s in OPEN_STATES)


@dataclass(frozen=True)
class Today:
    counts: list[tuple[CaseState, int]]
    open_total: int
    overdue_total: int
    overdue: list[CaseListItem]
    due_today: list[CaseListItem]


def _total(uow: SqlUnitOfWork, principal: Principal, query: CaseQuery) -> int:
    return service.list_cases(uow, principal, query).total


def today(uow: SqlUnitOfWork, principal: Principal) -> Today:
    """Gather the start page's figures from the case service (the user's scope applies)."""
    counts = [(s, _total(uow, principal, CaseQuery(states=(s,), page_size=1)))
              for s in CaseState]
    overdue = service.list_cases(uow, principal, CaseQuery(states=OPEN, overdue_only=True,
                                                          page_size=10))
    soonest = service.list_cases(uow, principal, CaseQuery(states=OPEN, page_size=200))
    now = uow.clock.now()
    today_local = local(now).date()
    due = [i for i in soonest.items if i.sla_due is not None
           and i.sla_due >= now.replace(tzinfo=None) and local(i.sla_due).date() == today_local]
    return Today(counts=counts, open_total=sum(n for s, n in counts if s in OPEN_STATES),
                 overdue_total=overdue.total, overdue=overdue.items, due_today=due[:10])


@router.get("/")
def home(request: Request, uow: ReadUowDep,
         principal: Annotated[Principal, page(Permission.SELF)]) -> Response:
    """Today's work for the signed-in user."""
    if not principal.can(Permission.CASE_READ):
        return render(request, "home/index.html", {"summary": None})
    summary = today(uow, principal)
    lang = language_of(request)
    chart = {"labels": [label(STATE_LABELS[s], lang) for s, _ in summary.counts],
             "states": [s.value for s, _ in summary.counts],
             "values": [n for _, n in summary.counts]}
    return render(request, "home/index.html",
                  {"summary": summary, "chart_json": json.dumps(chart, ensure_ascii=False)})
