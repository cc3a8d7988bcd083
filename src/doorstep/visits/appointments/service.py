"""Appointment use cases: offer slots with a signed link, and the customer's answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from doorstep.cases.compliance import Policy
from doorstep.cases.lifecycle import Command
from doorstep.cases.model import CaseState
from doorstep.cases.service import TransitionCase, transition_case
from doorstep.contacts.model import Channel, NewContact, Outcome, Party
from doorstep.contacts.service import record_contact
from doorstep.core.access import Permission, Principal, Role, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import local
from doorstep.core.errors import Conflict, ValidationFailed
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.visits.appointments import tokens
from doorstep.visits.appointments.links import LinkContext, LinkView, link_view
from doorstep.visits.appointments.slots import SlotRequest, propose_slots
from doorstep.visits.dispatch.model import day_bounds, local_to_utc
from doorstep.visits.wording import text

OFFERABLE = (CaseState.ASSIGNED, CaseState.FOLLOW_UP, CaseState.SCHEDULED)


@dataclass(frozen=True)
class OfferAppointment:
    case_id: int
    team_id: int
    day: date
    email: str | None = None


@dataclass(frozen=True)
class Offer:
    appointment_id: int
    token: str
    url: str
    slots: list[tuple[datetime, datetime]]


def _slots(uow: UnitOfWork, cmd: OfferAppointment, customer: object,
           policy: Policy) -> list[tuple[datetime, datetime]]:
    team = uow.teams.get(cmd.team_id)
    if not team.on_duty(cmd.day):
        raise ValidationFailed(N_("Team %(team)s is not on duty on %(day)s"), team=team.name,
                               day=cmd.day)
    lo, hi = day_bounds(cmd.day)
    busy = tuple((local(s).replace(tzinfo=None), local(e).replace(tzinfo=None))
                 for s, e in uow.appointments.team_busy(cmd.team_id, lo, hi))
    req = SlotRequest(day=cmd.day, shift=team.shift, busy=busy,
                      preferred=customer.preferred_contact_times,  # type: ignore[attr-defined]
                      quiet_hours_consent=customer.quiet_hours_consent)  # type: ignore[attr-defined]
    slots = propose_slots(policy, req)
    if not slots:
        raise ValidationFailed(N_("%(day)s has no time that fits the quiet hours, the visit "
                                  "hours and the team's shift"), day=cmd.day)
    return slots


def offer_appointment(uow: UnitOfWork, principal: Principal, cmd: OfferAppointment,
                      ctx: LinkContext, policy: Policy) -> Offer:
    """Propose slots to the customer: a proposed appointment, a signed link, and messages."""
    require(principal, Permission.APPOINTMENT_MANAGE)
    case = uow.cases.get(cmd.case_id)
    require_branch(principal, case.branch_id, N_("Case"), cmd.case_id)
    if case.state not in OFFERABLE:
        raise Conflict(N_("A case in state %(state)s cannot get an appointment"),
                       state=case.state.value)
    customer = uow.appointments.customer_contact(case.customer_id)
    slots = _slots(uow, cmd, customer, policy)
    now = uow.clock.now().replace(tzinfo=None)
    expires = min(now + timedelta(hours=ctx.link_hours), local_to_utc(slots[0][0]))
    first = slots[0]
    aid = uow.appointments.add(case_id=case.id, team_id=cmd.team_id,
                               slot_start=local_to_utc(first[0]), slot_end=local_to_utc(first[1]),
                               state="proposed", token_expires_at=expires, created_at=now)
    token = tokens.sign(ctx.secret, tokens.LinkPayload(aid, tuple(
        (s.isoformat(), e.isoformat()) for s, e in slots)))
    uow.appointments.update(aid, 1, token_hash=tokens.token_hash(token))
    url = f"{ctx.base_url.rstrip('/')}/a/{token}"
    sms = text("appointment", "sms", bank=ctx.bank_name, name=customer.name, url=url,
               when=first[0].strftime(text("appointment", "when_format")), hotline=ctx.hotline)
    uow.appointments.enqueue("sms", "appointment.offer", uow.appointments.phone_of(
        case.customer_id), "", sms, case.id, f"appt-{aid}-sms", now)
    if cmd.email:
        uow.appointments.enqueue("email", "appointment.offer", cmd.email,
                                 text("appointment", "email_subject", bank=ctx.bank_name), sms,
                                 case.id, f"appt-{aid}-email", now)
    uow.audit(AuditEntry(principal.actor, "appointment.offered", "appointment", str(aid), None,
                         {"case_id": case.id, "team_id": cmd.team_id,
                          "slots": [s.isoformat() for s, _ in slots]}, uow.clock.now()))
    return Offer(aid, token, url, slots)


def _customer(appointment_id: int) -> Principal:
    return Principal(user_id=0, username=f"customer-link:{appointment_id}",
                     role=Role.DISPATCHER, branch_id=None)


def respond(uow: UnitOfWork, token: str, action: str, choice: int, ctx: LinkContext,
            policy: Policy) -> LinkView:
    """The customer's answer: ``confirm``, ``choose`` (slot ``choice``) or ``decline``."""
    view = link_view(uow, token, ctx)
    if view.status != "ok" or view.appointment is None:
        return view
    appt = view.appointment
    now = uow.clock.now().replace(tzinfo=None)
    who = _customer(appt.id)
    if action == "decline":
        uow.appointments.update(appt.id, appt.version, state="cancelled", token_used_at=now)
        uow.audit(AuditEntry(who.actor, "appointment.declined", "appointment", str(appt.id),
                             {"state": appt.state}, {"state": "cancelled"}, uow.clock.now()))
        return link_view(uow, token, ctx, done="declined")
    if action == "choose" and 0 < choice < len(view.slots):
        start, end = view.slots[choice]
        uow.appointments.update(appt.id, appt.version, state="rescheduled", token_used_at=now)
        target = uow.appointments.add(case_id=appt.case_id, team_id=appt.team_id,
                                      slot_start=local_to_utc(start), slot_end=local_to_utc(end),
                                      state="confirmed", created_at=now)
        done = "moved"
    else:
        uow.appointments.update(appt.id, appt.version, state="confirmed", token_used_at=now)
        target, done = appt.id, "confirmed"
    uow.appointments.supersede_confirmed(appt.case_id, target)
    uow.audit(AuditEntry(who.actor, f"appointment.{done}", "appointment", str(target),
                         {"from": appt.id}, {"state": "confirmed"}, uow.clock.now()))
    _schedule_case(uow, who, appt.case_id, appt.team_id, policy)
    return link_view(uow, token, ctx, done=done)


def confirm_by_phone(uow: UnitOfWork, principal: Principal, appointment_id: int, note: str,
                     policy: Policy) -> None:
    """Staff record that the customer confirmed a proposed appointment by phone: the
    appointment becomes ``confirmed``, the call is a contact, and the case is scheduled."""
    require(principal, Permission.APPOINTMENT_MANAGE)
    appt = uow.appointments.get(appointment_id)
    case = uow.cases.get(appt.case_id)
    require_branch(principal, case.branch_id, N_("Appointment"), appointment_id)
    if appt.state != "proposed":
        raise Conflict(N_("The appointment is %(state)s; only a proposed appointment can be "
                          "confirmed by phone"), state=appt.state)
    if len(note.strip()) < 2:
        raise ValidationFailed(N_("Describe the phone confirmation (when, who answered)"))
    now = uow.clock.now().replace(tzinfo=None)
    uow.appointments.update(appt.id, appt.version, state="confirmed", token_used_at=now)
    uow.appointments.supersede_confirmed(appt.case_id, appt.id)
    record_contact(uow, principal, NewContact(
        appt.case_id, Channel.CALL, Party.DEBTOR, Outcome.REACHED, uow.clock.now(),
        note="appointment_confirmed"), policy, checked=False)
    uow.audit(AuditEntry(principal.actor, "appointment.confirmed_by_phone", "appointment",
                         str(appt.id), {"state": appt.state},
                         {"state": "confirmed", "note": note.strip()}, uow.clock.now()))
    _schedule_case(uow, principal, appt.case_id, appt.team_id, policy,
                   text("appointment", "note_phone"))


def _schedule_case(uow: UnitOfWork, who: Principal, case_id: int, team_id: int,
                   policy: Policy, note: str | None = None) -> None:
    note = text("appointment", "note_link") if note is None else note
    case = uow.cases.get(case_id)
    if case.state in (CaseState.ASSIGNED, CaseState.FOLLOW_UP):
        transition_case(uow, who, TransitionCase(case_id, Command.SCHEDULE, case.version,
                                                 team_id=team_id, note=note), policy)


def case_appointments(uow: UnitOfWork, principal: Principal, case_id: int) -> list[Any]:
    """The case's appointments, oldest first (proposed, confirmed, moved, declined)."""
    require(principal, Permission.CASE_READ)
    case = uow.cases.get(case_id)
    require_branch(principal, case.branch_id, N_("Case"), case_id)
    found: list[Any] = uow.appointments.of_case(case_id)
    return found


#: Solver seconds of the re-plan a customer's answer starts (the customer waits for it).
CUSTOMER_REPLAN_SECONDS = 2.0


def replan_for_customer(uow: UnitOfWork, case_id: int) -> int:
    """After the customer confirmed or moved a slot (already stored, in its own
    transaction): re-plan the days it touches that already have routes, started visits
    pinned and the teams affected told. Returns how many days were re-planned."""
    from dataclasses import replace as _replace

    from doorstep.visits.dispatch.service import replan_after_move
    from doorstep.visits.routing import RoutingParams

    confirmed = [a for a in uow.appointments.of_case(case_id) if a.state == "confirmed"]
    if not confirmed:
        return 0
    appt = confirmed[-1]
    params = _replace(RoutingParams(), seconds=CUSTOMER_REPLAN_SECONDS)
    return len(replan_after_move(uow, _customer(appt.id), case_id,
                                 local(appt.slot_start).date(), params))
