"""Legal use cases (DESIGN §10): the review queue, mediation and its clock, the imported
agreement, failure → litigation. Lifecycle moves go through
``cases.service.transition_case`` in the same unit of work; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from doorstep.cases.compliance import Policy
from doorstep.cases.lifecycle import Command
from doorstep.cases.model import BusinessLine, Case, CaseState
from doorstep.cases.queries import CaseDetail
from doorstep.cases.service import (
    TransitionCase,
    case_detail,
    transition_case,
)
from doorstep.contacts.service import case_collection
from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import local, utc
from doorstep.core.i18n import N_, Msg, _
from doorstep.core.uow import UnitOfWork
from doorstep.legal import mediation as clock_rules
from doorstep.legal.mediation import ConfirmationDeadline, MediationClock
from doorstep.legal.model import (
    CourtEvent,
    FailureReason,
    LegalRefused,
    Mediation,
    MediationState,
    QueueItem,
)
from doorstep.legal.review import days_between, why_failed
from doorstep.visits.evidence.sniff import sniff
from doorstep.visits.evidence.store import FileStore


def review_queue(uow: UnitOfWork, principal: Principal) -> list[QueueItem]:
    """Escalated cases in the caller's scope, oldest escalation first."""
    require(principal, Permission.CASE_LEGAL)
    now = uow.clock.now()
    out = []
    for r in uow.legal.queue(principal.branch_id):
        escalated = utc(r.escalated_at)
        sla = utc(r.sla_due) if r.sla_due else None
        out.append(QueueItem(
            r.id, r.case_no, r.customer_name, r.branch_name, r.case_type, r.business_line,
            Decimal(r.overdue_amount), Decimal(r.amount_at_stake), escalated,
            days_between(escalated, now), sla, sla is not None and sla < now,
            why_failed(bool(r.broken), r.last_outcome, int(r.failed_attempts)), r.version))
    return out


@dataclass(frozen=True)
class LegalCase:
    """A case's legal page: the case, its mediation and clocks, what litigation still lacks."""

    detail: CaseDetail
    mediation: Mediation | None
    clock: MediationClock | None
    confirmation: ConfirmationDeadline | None
    litigation_missing: Msg | None
    court_events: tuple[CourtEvent, ...] = ()


def legal_case(uow: UnitOfWork, principal: Principal, case_id: int,
               policy: Policy) -> LegalCase:
    """The case with its mediation, the 30-day clock and the judicial-confirmation deadline."""
    require(principal, Permission.CASE_LEGAL)
    detail = case_detail(uow, principal, case_id)
    m = uow.legal.mediation_of(case_id)
    now = uow.clock.now()
    clock = clock_rules.clock(m, now) if m else None
    confirmation = (clock_rules.confirmation_deadline(m.agreement.signed_on, local(now).date())
                    if m and m.agreement else None)
    missing = None
    if detail.item.business_line == BusinessLine.CREDIT_CARD:
        missing = case_collection(uow, principal, case_id, policy).missing
    return LegalCase(detail, m, clock, confirmation, missing, uow.legal.court_events(case_id))


def _case(uow: UnitOfWork, principal: Principal, case_id: int) -> Case:
    case: Case = uow.cases.get(case_id)
    require_branch(principal, case.branch_id, N_("Case"), case_id)
    return case


def start_mediation(uow: UnitOfWork, principal: Principal, case_id: int, version: int,
                    mediator: str, policy: Policy) -> Case:
    """Escalated → mediation: the 30-day clock starts now. A case already moved to
    mediation by the generic case command gets its clock recorded (no second move)."""
    require(principal, Permission.CASE_LEGAL)
    case = _case(uow, principal, case_id)
    unrecorded = case.state == CaseState.MEDIATION and uow.legal.mediation_of(case_id) is None
    if case.state != CaseState.ESCALATED and not unrecorded:
        raise LegalRefused(N_("Only an escalated case can go to pre-litigation mediation"))
    now = uow.clock.now()
    due = clock_rules.due_at(now)
    mediation_id = uow.legal.add_mediation(case_id, now, due, principal.username,
                                           mediator.strip()[:100])
    uow.audit(AuditEntry(principal.actor, "legal.mediation_start", "mediation", str(case_id), None,
                         {"mediation_id": mediation_id, "due_at": due.isoformat(),
                          "mediator": mediator.strip()[:100]}, now))
    if unrecorded:  # moved by the generic case command: only the clock is recorded
        return case
    return transition_case(uow, principal, TransitionCase(
        case_id, Command.START_MEDIATION, version, note=_("Mediation due %(due)s",
                                                        due=f"{local(due):%Y-%m-%d}")),
        policy)


def extend_mediation(uow: UnitOfWork, principal: Principal, case_id: int, days: int,
                     reason: str) -> datetime:
    """Move the mediation's due date by ``days`` with a reason; audited."""
    require(principal, Permission.CASE_LEGAL)
    if _case(uow, principal, case_id).state != CaseState.MEDIATION:
        raise LegalRefused(N_("The case is not in pre-litigation mediation: it cannot be "
                              "extended"))
    m: Mediation = uow.legal.mediation(case_id)
    new_due = clock_rules.extended_due(m, days, reason)
    now = uow.clock.now()
    uow.legal.extend(m, days, reason.strip(), principal.username, now, new_due)
    uow.audit(AuditEntry(principal.actor, "legal.mediation_extend", "mediation", str(case_id),
                         {"due_at": m.due_at.isoformat()},
                         {"due_at": new_due.isoformat(), "days": days,
                          "reason": reason.strip()[:500]}, now))
    return new_due


@dataclass(frozen=True)
class AgreementUpload:
    terms: str
    amount: Decimal
    instalments: int
    signed_on: date
    filename: str
    data: bytes


def import_agreement(uow: UnitOfWork, principal: Principal, case_id: int, version: int,
                     upload: AgreementUpload, files: FileStore, max_bytes: int,
                     policy: Policy) -> Case:
    """Store the signed agreement (hashed like evidence); the mediation ends agreed and the
    case is resolved. The judicial-confirmation deadline runs from the signing date."""
    require(principal, Permission.CASE_LEGAL)
    _case(uow, principal, case_id)
    m: Mediation = uow.legal.mediation(case_id)
    if m.state != MediationState.OPEN:
        raise LegalRefused(N_("The mediation has ended: no agreement can be added"))
    now = uow.clock.now()
    clock_rules.check_agreement(upload.terms, upload.amount, upload.instalments,
                                upload.signed_on, local(now).date())
    found = sniff(upload.filename, upload.data, max_bytes)
    key = files.put(f"case-{case_id}", "." + found.content_type.split("/")[1], found.data)
    try:
        evidence_id = uow.legal.add_document(case_id, found.filename, found.content_type,
                                             found.size, found.sha256, key,
                                             principal.username, now)
        uow.legal.add_agreement(m, upload.terms.strip(), upload.amount, upload.instalments,
                                upload.signed_on, evidence_id, principal.username, now)
        uow.legal.end(m.id, MediationState.AGREED, now)
        uow.audit(AuditEntry(principal.actor, "legal.agreement_import", "mediation", str(case_id),
                             None, {"amount": str(upload.amount), "sha256": found.sha256,
                                    "signed_on": upload.signed_on.isoformat(),
                                    "instalments": upload.instalments}, now))
        return transition_case(uow, principal, TransitionCase(
            case_id, Command.RESOLVE, version,
            note=_("Agreement reached in pre-litigation mediation")), policy)
    except BaseException:
        files.delete(key)
        raise


def fail_mediation(uow: UnitOfWork, principal: Principal, case_id: int, version: int,
                   reason: FailureReason, text: str, policy: Policy) -> Case:
    """Mediation failed for a structured reason → litigation (effective collection checked)."""
    require(principal, Permission.CASE_LEGAL)
    _case(uow, principal, case_id)
    clock_rules.check_failure(reason, text)
    m: Mediation = uow.legal.mediation(case_id)
    if m.state != MediationState.OPEN:
        raise LegalRefused(N_("The mediation has ended"))
    now = uow.clock.now()
    uow.legal.end(m.id, MediationState.FAILED, now, reason, text.strip()[:1000])
    uow.audit(AuditEntry(principal.actor, "legal.mediation_fail", "mediation", str(case_id), None,
                         {"reason": reason.value, "text": text.strip()[:500]}, now))
    return transition_case(uow, principal, TransitionCase(
        case_id, Command.LITIGATE, version,
        note=_("Mediation failed: %(reason)s", reason=reason.value)), policy)


def litigate(uow: UnitOfWork, principal: Principal, case_id: int, version: int, note: str,
             policy: Policy) -> Case:
    """Escalated → litigation directly (the legal officer's choice); guards still apply."""
    require(principal, Permission.CASE_LEGAL)
    case = _case(uow, principal, case_id)
    if case.state != CaseState.ESCALATED:
        raise LegalRefused(N_("A case in mediation needs the reason the mediation failed "
                              "first"))
    return transition_case(uow, principal, TransitionCase(
        case_id, Command.LITIGATE, version,
        note=note.strip()[:500] or _("Straight to litigation")), policy)
