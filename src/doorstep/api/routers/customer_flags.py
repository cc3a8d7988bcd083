"""The do-not-visit flag through an approval: a manager asks with a reason (202 with the
request's id); it changes only when another authorised person approves it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field

from doorstep.api.schemas import Strict
from doorstep.core.access import Permission, Principal
from doorstep.core.i18n import translate
from doorstep.customers import flags
from doorstep.http.deps import UowDep, allow

router = APIRouter(prefix="/api/v1/customers", tags=["customers"])


class DoNotVisitIn(Strict):
    do_not_visit: bool
    reason: str = Field(min_length=4, max_length=500)


@router.post("/{customer_id}/do-not-visit", status_code=202)
def request_flag(customer_id: int, body: DoNotVisitIn, uow: UowDep,
                 principal: Annotated[Principal, allow(Permission.COMPLIANCE_OVERRIDE)],
                 ) -> JSONResponse:
    """Ask to set or lift "do not visit"; decided under ``/api/v1/approvals``."""
    approval_id = flags.request_do_not_visit(uow, principal, customer_id, body.do_not_visit,
                                             body.reason)
    uow.commit()
    return JSONResponse({"approval_id": approval_id, "state": "pending",
                         "message": translate("approval.pending", principal.language,
                                              id=approval_id)}, status_code=202)
