"""Awaiting my approval: the approver's queue, one request with its reason, approve / refuse
with a reason. Renders and calls ``approvals``; decides nothing itself."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.approvals import service as approvals
from doorstep.approvals.model import KIND_LABELS, STATE_LABELS, Authority, State
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError, NotFound
from doorstep.core.i18n import translate_in
from doorstep.decisions import effects
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)



def _queue(request: Request, uow: ReadUowDep, principal: Principal, authority: Authority,
           flash: str = "", flash_kind: str = "ok", status: int = 200) -> Response:
    lang = language_of(request)
    rows = approvals.queue(uow, principal, authority)
    return render(request, "approvals/queue.html", {
        "rows": rows, "flash": flash, "flash_kind": flash_kind,
        "kind_label": lambda k: label(KIND_LABELS[k], lang),
        "state_label": lambda s: label(STATE_LABELS[s], lang)}, status_code=status)


@router.get("/approvals")
def queue(request: Request, uow: ReadUowDep, container: ContainerDep,
          principal: Annotated[Principal, page(Permission.APPROVAL_DECIDE)],
          done: int = 0, verb: str = "") -> Response:
    """Awaiting my approval: pending requests this person may decide."""
    lang = language_of(request)
    flash = ""
    if done > 0 and verb in ("approved", "refused"):
        word = label(STATE_LABELS[State(verb)], lang)
        flash = translate_in(lang, "Request #%(id)s %(verb)s", id=done, verb=word)
    return _queue(request, uow, principal, container.authority, flash)


@router.post("/approvals/{approval_id}/decide")
def decide(approval_id: int, request: Request, container: ContainerDep,
           principal: Annotated[Principal, page_form(Permission.APPROVAL_DECIDE)],
           decision: Annotated[str, Form()], reason: Annotated[str, Form()] = "") -> Response:
    """Approve or refuse one request; a refusal of the rule comes back inline."""
    try:
        with container.uow() as uow:
            done = effects.decide(uow, principal, approval_id, decision == "approve", reason,
                                  container.authority, container.policy)
            uow.commit()
    except DoorstepError as exc:
        if isinstance(exc, NotFound):
            raise
        with container.uow(write=False) as read:
            return _queue(request, read, principal, container.authority,
                          error_message(exc, language_of(request)), "error", exc.http_status)
    return RedirectResponse(f"/approvals?done={done.id}&verb={done.state.value}",
                            status_code=303)
