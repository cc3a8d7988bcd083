"""Contacts and complaints: record a call, letter, SMS or e-mail on a case (the rules of
DESIGN §5 checked; 422 with the rule's message and nothing written when broken), read a
case's contact log and its effective contact, register complaints with their handling clock."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from doorstep.api.schemas import Strict
from doorstep.complaints import service as complaints
from doorstep.complaints.clock import ComplaintChannel
from doorstep.contacts import service
from doorstep.contacts.model import Channel, Contact, NewContact, Outcome, Party, Proof
from doorstep.core.access import Permission, Principal
from doorstep.core.clock import utc
from doorstep.core.i18n import N_
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow

router = APIRouter(prefix="/api/v1", tags=["contacts"])
Recorder = Annotated[Principal, allow(Permission.CONTACT_RECORD)]
Reader = Annotated[Principal, allow(Permission.CASE_READ)]
Handler = Annotated[Principal, allow(Permission.COMPLAINT_MANAGE)]
#: Visits are recorded by the visit submission, not here.
Recordable = Annotated[Channel, Field(description="phone (call), sms, letter, email, branch")]


class ContactCreate(Strict):
    channel: Recordable
    party: Party = Party.DEBTOR
    relation: str = Field("", max_length=32, description="declared relation of a third party")
    outcome: Outcome
    at: datetime | None = Field(None, description="when (default: now)")
    proof: Proof = Proof.NONE
    message: str = Field("", max_length=2000, description="what was said or sent")
    consent: bool = Field(False, description="the customer agreed to a quiet-hours contact")
    note: str = Field("", max_length=2000)


class ContactPublic(BaseModel):
    id: int
    channel: str
    party: str
    relation: str
    outcome: str
    at: datetime
    proof: str
    recorded_by: str


class CollectionPublic(BaseModel):
    met: bool
    need: int
    gap_days: int
    contacts: list[ContactPublic]
    missing: str | None


def _public(c: Contact) -> ContactPublic:
    return ContactPublic(id=c.id, channel=c.channel, party=c.party, relation=c.relation,
                         outcome=c.outcome, at=c.at, proof=c.proof, recorded_by=c.recorded_by)


@router.post("/cases/{case_id}/contacts", response_model=ContactPublic, status_code=201)
def record(case_id: int, body: ContactCreate, uow: UowDep, container: ContainerDep,
           principal: Recorder) -> ContactPublic:
    """Record a call, SMS, letter, e-mail or branch meeting; quiet hours, the caps (all
    channels) and the third-party rule are checked (422 and nothing written if broken)."""
    from doorstep.core.errors import ValidationFailed

    if body.channel == Channel.VISIT:
        raise ValidationFailed(N_("Record a visit through the field visit form"))
    at = utc(body.at) if body.at else uow.clock.now()
    new = NewContact(case_id, body.channel, body.party, body.outcome.value, at,
                     relation=body.relation, proof=body.proof, message=body.message,
                     consent=body.consent, note=body.note)
    contact_id = service.record_contact(uow, principal, new, container.policy)
    uow.commit()
    [saved] = [c for c in uow.contacts.of_case(case_id) if c.id == contact_id]
    return _public(saved)


@router.get("/cases/{case_id}/contacts", response_model=list[ContactPublic])
def list_contacts(case_id: int, uow: ReadUowDep, principal: Reader) -> list[ContactPublic]:
    """The case's contacts on every channel, oldest first."""
    return [_public(c) for c in service.case_contacts(uow, principal, case_id)]


@router.get("/cases/{case_id}/effective-collection", response_model=CollectionPublic)
def effective_collection(case_id: int, uow: ReadUowDep, container: ContainerDep,
                         principal: Reader) -> CollectionPublic:
    """The effective contact: met or not, the contacts that satisfy it, and what is missing."""
    got = service.case_collection(uow, principal, case_id, container.policy)
    return CollectionPublic(met=got.met, need=got.need, gap_days=got.gap_days,
                            contacts=[_public(c) for c in got.contacts],
                            missing=None if got.missing is None else str(got.missing))


class ComplaintCreate(Strict):
    customer_id: int = Field(ge=1)
    channel: ComplaintChannel
    category: str = Field(min_length=1, max_length=32)
    text: str = Field(min_length=1, max_length=4000)
    severity: int = Field(ge=1, le=5)
    received_at: datetime | None = None
    account_id: int | None = Field(None, ge=1)


class ComplaintExtend(Strict):
    reason: str = Field(min_length=2, max_length=500)


class OverduePublic(BaseModel):
    id: int
    customer_name: str
    channel: str
    category: str
    received_at: datetime
    due_at: datetime
    extended: bool
    days_overdue: int


@router.post("/complaints", status_code=201)
def register(body: ComplaintCreate, uow: UowDep, principal: Handler) -> dict[str, int]:
    """Register a complaint; it is due in 15 days; a 12378 complaint flags the customer."""
    at = utc(body.received_at) if body.received_at else uow.clock.now()
    new = complaints.NewComplaint(body.customer_id, body.channel.value, body.category,
                                  body.text, body.severity, at, body.account_id)
    done = complaints.register_complaint(uow, principal, new)
    uow.commit()
    return {"id": done}


@router.post("/complaints/{complaint_id}/extension")
def extend(complaint_id: int, body: ComplaintExtend, uow: UowDep,
           principal: Handler) -> dict[str, datetime]:
    """Extend the handling deadline once, to 30 days from receipt, with a reason."""
    done = complaints.extend_complaint(uow, principal, complaint_id, body.reason)
    uow.commit()
    return {"due_at": done}


@router.post("/complaints/{complaint_id}/close")
def close(complaint_id: int, uow: UowDep, principal: Handler) -> dict[str, bool]:
    """Mark a complaint handled."""
    complaints.close_complaint(uow, principal, complaint_id)
    uow.commit()
    return {"closed": True}


@router.get("/complaints/overdue", response_model=list[OverduePublic])
def overdue(uow: ReadUowDep, principal: Reader) -> list[OverduePublic]:
    """Open complaints past their handling deadline (the principal's branch, or all)."""
    return [OverduePublic(**o.__dict__) for o in complaints.overdue_complaints(uow, principal)]
