"""Approvals: the approver's queue, one request, decide, and the maker's own
requests. Decided only by a logged-in person; the body never names an approver."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from doorstep.api.schemas import Strict
from doorstep.approvals import service as approvals
from doorstep.approvals.model import Kind, Request, State
from doorstep.core.access import Permission, Principal
from doorstep.decisions import effects
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow

router = APIRouter(prefix="/api/v1/approvals", tags=["approvals"])
Decider = Annotated[Principal, allow(Permission.APPROVAL_DECIDE)]


class ApprovalPublic(BaseModel):
    id: int
    kind: Kind
    kind_label: str
    subject_type: str
    subject_id: int
    branch_id: int | None
    amount: Decimal
    summary: str
    state: State
    requested_by: str
    requested_at: datetime
    request_reason: str
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None
    version: int
    payload: dict[str, Any]


class DecisionIn(Strict):
    """``approve`` or ``refuse`` with a reason; the decider is the logged-in user."""

    decision: Literal["approve", "refuse"]
    reason: str = Field(min_length=4, max_length=500)


def public(r: Request) -> ApprovalPublic:
    return ApprovalPublic(**r.__dict__, kind_label=approvals.kind_label(r.kind))


@router.get("", response_model=list[ApprovalPublic])
def queue(uow: ReadUowDep, container: ContainerDep, principal: Decider,
          state: State | None = Query(None, description="Omit for what awaits my decision "
                                                        "(what you may decide now)"),
          ) -> list[ApprovalPublic]:
    """What awaits my decision by default: pending requests you may decide; or every request
    in a state."""
    rows = (approvals.queue(uow, principal, container.authority) if state is None
            else approvals.listing(uow, principal, state))
    return [public(r) for r in rows]


@router.get("/mine", response_model=list[ApprovalPublic])
def mine(uow: ReadUowDep,
         principal: Annotated[Principal, allow(Permission.SELF)]) -> list[ApprovalPublic]:
    """The requests you made, in any state."""
    return [public(r) for r in approvals.listing(uow, principal, None, mine=True)]


@router.get("/{approval_id}", response_model=ApprovalPublic)
def get_one(approval_id: int, uow: ReadUowDep,
            principal: Annotated[Principal, allow(Permission.SELF)]) -> ApprovalPublic:
    """One request: to its maker, or to anyone who may decide requests in its scope."""
    return public(approvals.get(uow, principal, approval_id))


@router.post("/{approval_id}/decision", response_model=ApprovalPublic)
def decide(approval_id: int, body: DecisionIn, uow: UowDep, container: ContainerDep,
           principal: Decider) -> ApprovalPublic:
    """Approve or refuse (403 for your own request or above your authority limit)."""
    done = effects.decide(uow, principal, approval_id, body.decision == "approve",
                          body.reason, container.authority, container.policy)
    uow.commit()
    return public(done)


@router.post("/{approval_id}/withdraw", response_model=ApprovalPublic)
def withdraw(approval_id: int, uow: UowDep, container: ContainerDep,
             principal: Annotated[Principal, allow(Permission.SELF)]) -> ApprovalPublic:
    """The maker takes back a pending request."""
    approvals.withdraw(uow, principal, approval_id)
    uow.commit()
    with container.uow(write=False) as read:
        return public(approvals.get(read, principal, approval_id))
