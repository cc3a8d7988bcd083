"""Legal pages: the review queue, a case's legal page with its forms, and the
case-file download. They call the legal services and render; nothing is decided here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, translate_in
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.legal import export, service
from doorstep.legal.config import legal_config
from doorstep.legal.model import (
    COURT_EVENT_LABELS,
    FAILURE_REASON_LABELS,
    MEDIATION_STATE_LABELS,
    WHY_FAILED_LABELS,
    FailureReason,
    LegalInvalid,
)
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
Officer = Annotated[Principal, page(Permission.CASE_LEGAL)]
OfficerForm = Annotated[Principal, page_form(Permission.CASE_LEGAL)]
#: How near the judicial confirmation deadline is (msgids).
CONFIRMATION_LABELS = {"ok": N_("In time"), "near": N_("Deadline near"), "late": N_("Late")}


def _labels(lang: str) -> dict[str, Any]:
    return {"why_label": lambda w: label(WHY_FAILED_LABELS[w], lang),
            "mediation_state_label": lambda s: label(MEDIATION_STATE_LABELS[s], lang),
            "failure_label": lambda r: label(FAILURE_REASON_LABELS[r], lang),
            "court_event_label": lambda e: translate_in(lang, COURT_EVENT_LABELS.get(e) or e),
            "failure_reasons": list(FailureReason),
            "confirm_labels": CONFIRMATION_LABELS}


@router.get("/legal")
def queue(request: Request, uow: ReadUowDep, principal: Officer) -> Response:
    """Escalated cases waiting for the legal officer, oldest first."""
    return render(request, "legal/queue.html", {
        "items": service.review_queue(uow, principal), **_labels(language_of(request))})


def _case_page(request: Request, container: Any, principal: Principal, case_id: int,
               error: str = "", status_code: int = 200) -> Response:
    with container.uow(write=False) as uow:
        lc = service.legal_case(uow, principal, case_id, container.policy)
    return render(request, "legal/case.html", {
        "lc": lc, "item": lc.detail.item, "m": lc.mediation, "error": error,
        "can_export": principal.can(Permission.LEGAL_EXPORT),
        **_labels(language_of(request))}, status_code=status_code)


@router.get("/legal/cases/{case_id}")
def case_page(case_id: int, request: Request, container: ContainerDep,
              principal: Officer) -> Response:
    """A case's mediation clock, agreement, deadlines, the officer's forms and the export."""
    return _case_page(request, container, principal, case_id)


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _int(form: Any, name: str) -> int:
    try:
        return int(_text(form, name))
    except ValueError:
        raise LegalInvalid(N_("%(name)s must be a whole number"), name=name) from None


async def _act(request: Request, container: Any, principal: Principal, case_id: int,
               action: str) -> Response:
    form = await request.form()
    try:
        with container.uow() as uow:
            if action == "mediation":
                service.start_mediation(uow, principal, case_id, _int(form, "version"),
                                        _text(form, "mediator"), container.policy)
            elif action == "extend":
                service.extend_mediation(uow, principal, case_id, _int(form, "days"),
                                         _text(form, "reason"))
            elif action == "fail":
                service.fail_mediation(uow, principal, case_id, _int(form, "version"),
                                       _reason(_text(form, "reason")), _text(form, "text"),
                                       container.policy)
            elif action == "litigate":
                service.litigate(uow, principal, case_id, _int(form, "version"),
                                 _text(form, "note"), container.policy)
            else:
                await _import(uow, principal, case_id, form, container)
            uow.commit()
    except DoorstepError as exc:
        return _case_page(request, container, principal, case_id,
                          error_message(exc, language_of(request)), exc.http_status)
    return RedirectResponse(f"/legal/cases/{case_id}", status_code=303)


def _reason(value: str) -> FailureReason:
    try:
        return FailureReason(value)
    except ValueError:
        raise LegalInvalid(N_("Choose why the mediation failed")) from None


async def _import(uow: Any, principal: Principal, case_id: int, form: Any,
                  container: Any) -> None:
    cfg = legal_config(container.settings)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise LegalInvalid(N_("Upload the signed mediation agreement"))
    try:
        amount = Decimal(_text(form, "amount"))
        signed_on = date.fromisoformat(_text(form, "signed_on"))
    except (InvalidOperation, ValueError):
        raise LegalInvalid(N_("The agreement's amount or signing date is not valid")) from None
    data = await upload.read(cfg.max_bytes + 1)
    service.import_agreement(uow, principal, case_id, _int(form, "version"),
                             service.AgreementUpload(_text(form, "terms"), amount,
                                                     _int(form, "instalments"), signed_on,
                                                     upload.filename, data),
                             cfg.files, cfg.max_bytes, container.policy)


@router.post("/legal/cases/{case_id}/{action}")
async def act(case_id: int, action: str, request: Request, container: ContainerDep,
              principal: OfficerForm) -> Response:
    """Start mediation, extend it, import its agreement, record its failure, or litigate."""
    if action not in ("mediation", "extend", "agreement", "fail", "litigate"):
        return Response(status_code=404)
    return await _act(request, container, principal, case_id, action)


@router.get("/legal/cases/{case_id}/case-file.{fmt}")
def download(case_id: int, fmt: str, container: ContainerDep,
             principal: Annotated[Principal, page(Permission.LEGAL_EXPORT)]) -> Response:
    """Download the case file as ZIP (PDF, evidence, manifest) or PDF; audited."""
    if fmt not in ("zip", "pdf"):
        return Response(status_code=404)
    cfg = legal_config(container.settings)
    with container.uow() as uow:
        out = export.export_case_file(uow, principal, case_id, cfg.files, cfg.font(),
                                      cfg.bank_name, policy=container.policy)
        uow.commit()
    name = out.zip_name if fmt == "zip" else f"{out.case_no}.pdf"
    return Response(out.zip if fmt == "zip" else out.pdf,
                    media_type="application/zip" if fmt == "zip" else "application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
