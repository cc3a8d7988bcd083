"""The case page's contact log: record a call, letter, SMS, e-mail or branch meeting (the
rules checked on the server; a refusal comes back inline), and effective collection with its
contacts; the overdue-complaints panel of the home and audit pages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from doorstep.cases.compliance import Policy
from doorstep.complaints import service as complaints
from doorstep.complaints.clock import CHANNEL_LABELS as COMPLAINT_CHANNELS
from doorstep.complaints.clock import ComplaintChannel
from doorstep.contacts import service
from doorstep.contacts.model import (
    CHANNEL_LABELS,
    OUTCOME_LABELS,
    PARTY_LABELS,
    PROOF_LABELS,
    Channel,
    NewContact,
    Outcome,
    Party,
    Proof,
)
from doorstep.core.access import Permission, Principal
from doorstep.core.clock import BANK_TZ
from doorstep.core.errors import DoorstepError, NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.core.uow import UnitOfWork
from doorstep.web.guards import page_form
from doorstep.web.i18n import label

router = APIRouter(include_in_schema=False)
FORM_CHANNELS = (Channel.CALL, Channel.LETTER, Channel.SMS, Channel.EMAIL, Channel.BRANCH)


def _label(table: Mapping[Any, Any], value: str, lang: str) -> str:
    for key, pair in table.items():
        if key == value:
            return label(pair, lang)
    return value


def contact_panel(uow: UnitOfWork, principal: Principal, case_id: int, policy: Policy,
                  lang: str) -> dict[str, Any]:
    """The contact log and effective collection as the case page shows them, in ``lang``."""
    rows = service.case_contacts(uow, principal, case_id)
    got = service.case_collection(uow, principal, case_id, policy)
    satisfying = {c.id for c in got.contacts}
    return {
        "rows": [{"at": c.at, "channel": _label(CHANNEL_LABELS, c.channel, lang),
                  "party": _label(PARTY_LABELS, c.party, lang), "relation": c.relation,
                  "outcome": _label(OUTCOME_LABELS, c.outcome, lang),
                  "proof": _label(PROOF_LABELS, c.proof, lang), "by": c.recorded_by,
                  "counts": c.id in satisfying} for c in rows],
        "collection": got, "can_record": principal.can(Permission.CONTACT_RECORD),
        "channels": [(c.value, label(CHANNEL_LABELS[c], lang)) for c in FORM_CHANNELS],
        "parties": [(p.value, label(PARTY_LABELS[p], lang)) for p in Party],
        "outcomes": [(o.value, label(OUTCOME_LABELS[o], lang)) for o in Outcome],
        "proofs": [(p.value, label(PROOF_LABELS[p], lang)) for p in Proof],
    }


def overdue_panel(uow: UnitOfWork, principal: Principal, lang: str) -> list[dict[str, Any]]:
    """Overdue complaints for the home and audit pages (empty for roles without cases)."""
    if not principal.can(Permission.CASE_READ):
        return []
    return [{"id": o.id, "customer": o.customer_name, "category": o.category,
             "channel": label(COMPLAINT_CHANNELS[ComplaintChannel(o.channel)], lang)
             if o.channel in set(ComplaintChannel) else o.channel,
             "received": o.received_at, "due": o.due_at, "days": o.days_overdue,
             "extended": o.extended}
            for o in complaints.overdue_complaints(uow, principal)]


class ContactForm(BaseModel):
    channel: Channel
    party: Party = Party.DEBTOR
    relation: str = Field("", max_length=32)
    outcome: Outcome
    at: str = Field("", max_length=16, description="YYYY-MM-DDTHH:MM, local time")
    proof: Proof = Proof.NONE
    message: str = Field("", max_length=2000)
    consent: bool = False


def _when(value: str, now: datetime) -> datetime:
    if not value:
        return now
    try:
        return datetime.fromisoformat(value).replace(tzinfo=BANK_TZ)
    except ValueError:
        raise NotFound(entity=Msg(N_("Contact time")), id=value) from None


@router.post("/cases/{case_id}/contacts")
def record(case_id: int, request: Request,
           principal: Annotated[Principal, page_form(Permission.CONTACT_RECORD)],
           form: Annotated[ContactForm, Form()]) -> Response:
    """Record a contact from the case page; a broken rule is shown on the page (422)."""
    from doorstep.http.language import language_of
    from doorstep.web.case_pages import render_detail
    from doorstep.web.errors import error_message

    container = request.app.state.container
    try:
        if form.channel == Channel.VISIT:
            raise NotFound(entity=Msg(N_("Contact channel")), id="visit")
        with container.uow() as uow:
            new = NewContact(case_id, form.channel, form.party, form.outcome.value,
                             _when(form.at, uow.clock.now()), relation=form.relation,
                             proof=form.proof, message=form.message, consent=form.consent)
            service.record_contact(uow, principal, new, container.policy)
            uow.commit()
    except DoorstepError as exc:
        if isinstance(exc, NotFound) and exc.params.get("id") == case_id:  # the case itself
            raise
        with container.uow(write=False) as read:
            return render_detail(request, read, principal, case_id,
                                 error_message(exc, language_of(request)), "error",
                                 exc.http_status)
    return RedirectResponse(f"/cases/{case_id}?done=contact#contacts", status_code=303)
