"""待我审批: the approver's queue, one request with its reason, approve / refuse with a reason.
Renders and calls ``approvals``; decides nothing itself."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.approvals import service as approvals
from doorstep.approvals.model import KIND_LABELS, STATE_LABELS, Authority, State
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError, NotFound
from doorstep.core.i18n import register, translate
from doorstep.decisions import effects
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)

register({
    "web.nav.approvals": ("待我审批", "Awaiting my approval"),
    "web.approvals.title": ("待我审批", "Awaiting my approval"),
    "web.approvals.hint": ("以下申请由他人提交、在您的授权额度之内，需由您复核：批准或驳回"
                           "均须填写理由，并记入审计日志。您本人提交的申请不会出现在这里。",
                           "Requests made by others within your authority limit: approving "
                           "or refusing needs a reason and is audited. Your own requests are "
                           "never listed here."),
    "web.approvals.none": ("目前没有待您审批的申请", "Nothing awaits your approval"),
    "web.approvals.no": ("编号", "No."),
    "web.approvals.kind": ("类型", "Kind"),
    "web.approvals.summary": ("内容", "What"),
    "web.approvals.amount": ("金额", "Amount"),
    "web.approvals.maker": ("申请人", "Requested by"),
    "web.approvals.at": ("申请时间", "Requested at"),
    "web.approvals.reason": ("申请理由", "Reason given"),
    "web.approvals.decision_reason": ("审批意见", "Your reason"),
    "web.approvals.approve": ("批准", "Approve"),
    "web.approvals.refuse": ("驳回", "Refuse"),
    "web.approvals.done": ("已{verb}申请 #{id}", "Request #{id} {verb}"),
    "web.audit.refused": ("已驳回", "refused"),
})


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
    """待我审批: pending requests this person may decide."""
    lang = language_of(request)
    flash = ""
    if done > 0 and verb in ("approved", "refused"):
        word = label(STATE_LABELS[State(verb)], lang)
        flash = translate("web.approvals.done", lang, id=done, verb=word)
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
