"""Contact use cases: record a contact on any channel (the one entry point, also for outbox
deliveries and visits), list a case's contacts, and compute effective collection for a case."""

from __future__ import annotations

from dataclasses import replace

from doorstep.cases.compliance import Policy
from doorstep.contacts.collection import EffectiveCollection, effective_collection, overdue_since
from doorstep.contacts.model import Contact, NewContact
from doorstep.contacts.rules import check_contact
from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork


def record_contact(uow: UnitOfWork, principal: Principal, new: NewContact, policy: Policy,
                   *, checked: bool = True) -> int:
    """Record one contact after checking quiet hours, the caps (all channels) and the
    third-party rule; a refusal raises a ``ContactRefused`` and writes nothing.

    The single way contacts enter the log: the case page and API (calls, letters), visit
    submissions and outbox delivery receipts all call it. ``checked=False`` is for facts
    already checked where they happened (a visit submission checks its own rules). The
    caller commits (a visit commits it with the visit; the API and pages right after).
    """
    if principal.user_id:  # people need the permission; system jobs (outbox) do not
        require(principal, Permission.CONTACT_RECORD)
    case = uow.cases.get(new.case_id)
    require_branch(principal, case.branch_id, N_("Case"), new.case_id)
    if new.staff_id is None and principal.staff_id is not None:
        new = replace(new, staff_id=principal.staff_id)
    if checked:
        check_contact(policy, new, uow.contacts.of_case(new.case_id))
    contact_id: int = uow.contacts.add(new, principal.actor)
    uow.audit(AuditEntry(principal.actor, "contact.record", "case", str(new.case_id), None, {
        "contact_id": contact_id, "channel": new.channel.value, "party": new.party.value,
        "relation": new.relation, "outcome": str(new.outcome), "proof": new.proof.value,
        "at": new.at.isoformat(), "consent": new.consent}, uow.clock.now()))
    return contact_id


def case_contacts(uow: UnitOfWork, principal: Principal, case_id: int) -> list[Contact]:
    """The case's contacts on every channel, oldest first."""
    require(principal, Permission.CASE_READ)
    require_branch(principal, uow.cases.get(case_id).branch_id, N_("Case"), case_id)
    contacts: list[Contact] = uow.contacts.of_case(case_id)
    return contacts


def case_collection(uow: UnitOfWork, principal: Principal, case_id: int,
                    policy: Policy) -> EffectiveCollection:
    """Effective collection of the case from its contact log and its account's overdue months."""
    contacts = case_contacts(uow, principal, case_id)
    return effective_collection(policy, contacts,
                                overdue_since(uow.contacts.overdue_months(case_id)))
