"""Field visit endpoints: agenda, check-in, exactly-once visit submission, agreements."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from doorstep.container import Container
from doorstep.core.access import Permission, Principal
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow
from doorstep.http.uploads import read_uploads
from doorstep.http.visit_schemas import (
    CheckInIn,
    VisitResultPublic,
    parse_record,
    to_public,
    to_submission,
)
from doorstep.visits.records import agreements, door, field, service
from doorstep.visits.records.config import field_params, file_store
from doorstep.visits.records.model import SubmitResult, Upload

router = APIRouter(prefix="/api/v1", tags=["visits"])


class CheckInPublic(BaseModel):
    distance_m: float | None
    flagged: bool


def submit(container: Container, principal: Principal, record: str,
           uploads: list[Upload]) -> SubmitResult:
    body = parse_record(record)
    return service.submit_visit(container.uow, principal, to_submission(body, uploads),
                                container.policy, field_params(container.settings),
                                file_store(container.settings))


@router.post("/visits", response_model=VisitResultPublic, status_code=201,
             responses={200: {"description": "A replay: the original result"}})
async def submit_visit(
    container: ContainerDep, principal: Annotated[Principal, allow(Permission.CASE_VISIT)],
    record: Annotated[str, Form(description="The visit record as JSON (VisitRecordIn)")],
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Any:
    """Submit a visit record exactly once (201 new, 200 replay of the same key)."""
    uploads = await read_uploads(container, files or [])
    result = await run_in_threadpool(submit, container, principal, record, uploads)
    return JSONResponse(to_public(result).model_dump(mode="json"),
                        status_code=200 if result.replayed else 201)


@router.post("/visits/check-in", response_model=CheckInPublic)
def check_in(body: CheckInIn, uow: UowDep, container: ContainerDep,
             principal: Annotated[Principal, allow(Permission.CASE_VISIT)]) -> CheckInPublic:
    """Check in at the customer's door; the distance is recorded and a far one flagged."""
    distance, flagged = field.check_in(
        uow, principal, field.CheckIn(body.case_id, body.appointment_id, body.lat, body.lon),
        field_params(container.settings))
    uow.commit()
    return CheckInPublic(distance_m=distance, flagged=flagged)


@router.post("/visits/check-out", response_model=CheckInPublic)
def check_out(body: CheckInIn, uow: UowDep, container: ContainerDep,
              principal: Annotated[Principal, allow(Permission.CASE_VISIT)]) -> CheckInPublic:
    """Check out at the door with your position (team members only; audited)."""
    distance, flagged = door.check_out(
        uow, principal, field.CheckIn(body.case_id, body.appointment_id, body.lat, body.lon),
        field_params(container.settings))
    uow.commit()
    return CheckInPublic(distance_m=distance, flagged=flagged)


@router.post("/visits/presence", response_model=CheckInPublic)
def confirm_presence(body: CheckInIn, uow: UowDep, container: ContainerDep,
                     principal: Annotated[Principal, allow(Permission.CASE_VISIT)]
                     ) -> CheckInPublic:
    """Confirm your own presence at the door from your own phone (team members only)."""
    distance, flagged = door.confirm_presence(
        uow, principal, field.CheckIn(body.case_id, body.appointment_id, body.lat, body.lon),
        field_params(container.settings))
    uow.commit()
    return CheckInPublic(distance_m=distance, flagged=flagged)


@router.get("/visits/agenda")
def agenda(uow: ReadUowDep,
           principal: Annotated[Principal, allow(Permission.CASE_VISIT)]) -> list[dict[str, Any]]:
    """Today's appointments of your team, in slot order."""
    return [{k: (str(v) if k.startswith("slot") else v) for k, v in r._asdict().items()}
            for r in field.agenda(uow, principal)]


@router.post("/agreements/{agreement_id}/approve-fee-waiver", status_code=204)
def approve_fee_waiver(agreement_id: int, uow: UowDep, container: ContainerDep,
                       principal: Annotated[Principal, allow(Permission.AGREEMENT_APPROVE)]
                       ) -> None:
    """Approve the fee waiver of a repayment plan: its pending approval request, decided by
    someone other than the officer who asked, within their authority limit."""
    agreements.approve_fee_waiver(uow, principal, agreement_id, container.authority,
                                  container.policy)
    uow.commit()
