"""Legal endpoints: review queue, mediation and its clock, agreement import,
failure → litigation, and the case-file export (PDF or ZIP)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from doorstep.core.access import Permission, Principal
from doorstep.core.i18n import N_
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow
from doorstep.legal import export, service
from doorstep.legal.config import legal_config
from doorstep.legal.model import FailureReason, LegalInvalid

router = APIRouter(prefix="/api/v1/legal", tags=["legal"])
Officer = Annotated[Principal, allow(Permission.CASE_LEGAL)]
Exporter = Annotated[Principal, allow(Permission.LEGAL_EXPORT)]


class QueueItemPublic(BaseModel):
    case_id: int
    case_no: str
    customer_name: str
    branch_name: str
    case_type: str
    business_line: str
    overdue_amount: Decimal
    amount_at_stake: Decimal
    escalated_at: datetime
    days_waiting: int
    sla_due: datetime | None
    sla_overdue: bool
    why: str
    version: int


class MediationPublic(BaseModel):
    state: str
    started_at: datetime
    due_at: datetime
    days_left: int
    overdue: bool
    extensions: int
    failure_reason: str | None
    agreement_amount: Decimal | None = None
    confirmation_deadline: date | None = None
    confirmation_status: str | None = None


class CourtEventPublic(BaseModel):
    court_case_no: str
    event: str = Field(description="filing, judgment or enforcement")
    event_date: date
    court: str
    amount: Decimal | None
    account_no: str | None


class LegalCasePublic(BaseModel):
    case_id: int
    case_no: str
    state: str
    version: int
    mediation: MediationPublic | None
    litigation_missing: str | None = Field(
        description="What the file lacks before a credit-card case may go to litigation")
    court_events: list[CourtEventPublic] = Field(
        default_factory=list, description="Court events imported from the bank's legal system")


class StartIn(BaseModel):
    version: int = Field(ge=1)
    mediator: str = Field("", max_length=100)


class ExtendIn(BaseModel):
    days: int = 15
    reason: str = Field("", max_length=1000)


class FailIn(BaseModel):
    version: int = Field(ge=1)
    reason: FailureReason
    text: str = Field("", max_length=1000)


class LitigateIn(BaseModel):
    version: int = Field(ge=1)
    note: str = Field("", max_length=500)


class CasePublic(BaseModel):
    case_id: int
    state: str
    version: int


@router.get("/queue", response_model=list[QueueItemPublic])
def queue(uow: ReadUowDep, principal: Officer) -> list[QueueItemPublic]:
    """Escalated cases waiting for legal review, oldest first, with why the visit failed."""
    return [QueueItemPublic(**{**i.__dict__, "why": i.why.value})
            for i in service.review_queue(uow, principal)]


@router.get("/cases/{case_id}", response_model=LegalCasePublic)
def legal_case(case_id: int, uow: ReadUowDep, container: ContainerDep,
               principal: Officer) -> LegalCasePublic:
    """A case's legal status: mediation clock, agreement, judicial-confirmation deadline."""
    lc = service.legal_case(uow, principal, case_id, container.policy)
    m, mp = lc.mediation, None
    if m is not None and lc.clock is not None:
        mp = MediationPublic(
            state=m.state.value, started_at=m.started_at, due_at=m.due_at,
            days_left=lc.clock.days_left, overdue=lc.clock.overdue,
            extensions=len(m.extensions),
            failure_reason=m.failure_reason.value if m.failure_reason else None,
            agreement_amount=m.agreement.amount if m.agreement else None,
            confirmation_deadline=lc.confirmation.deadline if lc.confirmation else None,
            confirmation_status=lc.confirmation.status if lc.confirmation else None)
    item = lc.detail.item
    return LegalCasePublic(case_id=item.id, case_no=item.case_no, state=item.state.value,
                           version=item.version, mediation=mp,
                           litigation_missing=None if lc.litigation_missing is None
                           else str(lc.litigation_missing),
                           court_events=[CourtEventPublic(**e.__dict__)
                                         for e in lc.court_events])


def _out(case_id: int, state: str, version: int) -> CasePublic:
    return CasePublic(case_id=case_id, state=state, version=version)


@router.post("/cases/{case_id}/mediation", response_model=CasePublic, status_code=201)
def start(case_id: int, body: StartIn, uow: UowDep, container: ContainerDep,
          principal: Officer) -> CasePublic:
    """Start pre-litigation mediation (escalated → mediation); the 30-day clock starts."""
    c = service.start_mediation(uow, principal, case_id, body.version, body.mediator,
                                container.policy)
    uow.commit()
    return _out(case_id, c.state.value, c.version)


@router.post("/cases/{case_id}/mediation/extensions")
def extend(case_id: int, body: ExtendIn, uow: UowDep,
           principal: Officer) -> dict[str, datetime]:
    """Extend the mediation (1–30 days) with a reason (422 without one)."""
    due = service.extend_mediation(uow, principal, case_id, body.days, body.reason)
    uow.commit()
    return {"due_at": due}


@router.post("/cases/{case_id}/mediation/agreement", response_model=CasePublic,
             status_code=201)
async def import_agreement(
    case_id: int, uow: UowDep, container: ContainerDep, principal: Officer,
    version: Annotated[int, Form(ge=1)], terms: Annotated[str, Form(max_length=4000)],
    amount: Annotated[Decimal, Form(gt=0)], instalments: Annotated[int, Form()],
    signed_on: Annotated[date, Form()], file: Annotated[UploadFile, File()],
) -> CasePublic:
    """Import the signed mediation agreement (PDF or image, hashed); the case is resolved."""
    cfg = legal_config(container.settings)
    data = await file.read(cfg.max_bytes + 1)
    if len(data) > cfg.max_bytes:
        raise LegalInvalid(N_("The file is larger than the limit of %(mb)s MB"),
                           mb=cfg.max_bytes // 1048576)
    upload = service.AgreementUpload(terms, amount, instalments, signed_on,
                                     file.filename or "agreement.pdf", data)
    c = service.import_agreement(uow, principal, case_id, version, upload, cfg.files,
                                 cfg.max_bytes, container.policy)
    uow.commit()
    return _out(case_id, c.state.value, c.version)


@router.post("/cases/{case_id}/mediation/failure", response_model=CasePublic)
def fail(case_id: int, body: FailIn, uow: UowDep, container: ContainerDep,
         principal: Officer) -> CasePublic:
    """Record why mediation failed; the case goes to litigation (effective collection checked)."""
    c = service.fail_mediation(uow, principal, case_id, body.version, body.reason, body.text,
                               container.policy)
    uow.commit()
    return _out(case_id, c.state.value, c.version)


@router.post("/cases/{case_id}/litigation", response_model=CasePublic)
def litigate(case_id: int, body: LitigateIn, uow: UowDep, container: ContainerDep,
             principal: Officer) -> CasePublic:
    """Send an escalated case straight to litigation (effective collection checked)."""
    c = service.litigate(uow, principal, case_id, body.version, body.note, container.policy)
    uow.commit()
    return _out(case_id, c.state.value, c.version)


@router.get("/cases/{case_id}/case-file",
            responses={200: {"content": {"application/zip": {}, "application/pdf": {}}}})
def case_file(case_id: int, uow: UowDep, container: ContainerDep, principal: Exporter,
              format: Literal["zip", "pdf"] = "zip",
              rate: Annotated[Decimal, Query(ge=0, le=Decimal("0.24"))] = Decimal("0.0435"),
              ) -> Response:
    """Export the case file (ZIP: PDF + evidence + manifest; or the PDF); audited as a reveal."""
    cfg = legal_config(container.settings)
    out = export.export_case_file(uow, principal, case_id, cfg.files, cfg.font(),
                                  cfg.bank_name, rate, container.policy)
    uow.commit()
    if format == "pdf":
        return Response(out.pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{out.case_no}.pdf"'})
    return Response(out.zip, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{out.zip_name}"'})
