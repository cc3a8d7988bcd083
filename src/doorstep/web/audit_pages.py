"""The auditor's page: recent events, chain verification and compliance exceptions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from doorstep.audit import service as audit
from doorstep.core.access import Permission, Principal
from doorstep.http.deps import ReadUowDep
from doorstep.http.language import language_of
from doorstep.web.contact_pages import overdue_panel
from doorstep.web.guards import page
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/audit")
def audit_page(request: Request, uow: ReadUowDep,
               principal: Annotated[Principal, page(Permission.AUDIT_READ)],
               entity: str = "", actor: str = "") -> Response:
    """Recent audit events (filter by entity and actor) and compliance exceptions."""
    entity, actor = entity.strip()[:32], actor.strip()[:64]
    rows = audit.events(uow, principal, entity=entity or None, actor=actor or None, limit=100)
    return render(request, "audit/index.html", {
        "events": rows, "exceptions": audit.exceptions(uow, principal, limit=50),
        "entity": entity, "actor": actor,
        "overdue_complaints": overdue_panel(uow, principal, language_of(request))})


@router.get("/audit/verify")
def audit_verify(request: Request, uow: ReadUowDep,
                 principal: Annotated[Principal, page(Permission.AUDIT_READ)]) -> Response:
    """Check the hash chain and show the result (an htmx fragment)."""
    count, broken = audit.verify(uow, principal)
    return render(request, "audit/_verify.html", {"count": count, "broken": broken})
