"""Submit a visit record exactly once: record, evidence, outcome transitions, agreement,
survey link and audit events, all in one transaction."""

from __future__ import annotations

import hashlib
import secrets
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from doorstep.cases.compliance import Breach, Policy
from doorstep.cases.lifecycle import Command
from doorstep.cases.model import Case, CaseState
from doorstep.cases.service import (
    Override,
    TransitionCase,
    _compliance_breaches,
    transition_case,
)
from doorstep.contacts.model import Channel, NewContact, Party, Proof
from doorstep.contacts.service import record_contact
from doorstep.core.access import Permission, Principal, Role, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import naive_utc, utc
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.visits.evidence.sniff import RECORDING_KINDS, SniffedFile, sniff
from doorstep.visits.evidence.store import FileStore
from doorstep.visits.records import checks, door, pending, rules
from doorstep.visits.records.model import (
    AGREEMENT_OUTCOMES,
    AgreementState,
    DuplicateSubmission,
    Outcome,
    SubmitResult,
    VisitRefused,
    VisitSubmission,
)
from doorstep.visits.records.ports import StoredVisit
from doorstep.visits.records.rules import FieldParams
from doorstep.visits.wording import text

#: Acts for the programme when a rule (not a person) moves a case, e.g. the 3rd failed attempt.
AUTOMATION = Principal(user_id=0, username="system.visits", role=Role.DISPATCHER, branch_id=None)


class UowFactory(Protocol):
    def __call__(self, *, write: bool = ...) -> AbstractContextManager[UnitOfWork]: ...


def _replayed(row: StoredVisit | None) -> SubmitResult:
    assert row is not None  # the first submission of this key was committed
    return SubmitResult(visit_id=row.id, case_id=row.case_id, case_state=row.case_state,
                        outcome=row.outcome or "", replayed=True,
                        check_in_distance_m=row.check_in_distance_m,
                        check_in_flagged=bool(row.check_in_flagged))


def submit_visit(uows: UowFactory, principal: Principal, sub: VisitSubmission, policy: Policy,
                 params: FieldParams, files: FileStore) -> SubmitResult:
    """Record a visit once per idempotency key; a replay returns the first result.

    It opens and commits its own units (``uows``), the one use case that does: the
    duplicate key surfaces at commit, and then the stored files are removed and the first
    result is read in a fresh unit."""
    require(principal, Permission.CASE_VISIT)
    if not 8 <= len(sub.idempotency_key) <= 64:
        raise VisitRefused(N_("A valid submission key (idempotency key) is missing"))
    with uows(write=False) as uow:
        found = uow.visits.by_key(sub.idempotency_key)
    if found is not None:
        return _replayed(found)
    sniffed = [sniff(u.filename, u.data, params.evidence_max_bytes) for u in sub.uploads]
    if sub.signature_png is not None:
        sniffed.append(_signature(sub.signature_png, params))
    written: list[str] = []
    try:
        with uows(write=True) as uow:
            result = _record(uow, principal, sub, policy, params, (sniffed, files, written))
            uow.commit()
            return result
    except DuplicateSubmission:
        _undo(files, written)
        with uows(write=False) as uow:
            return _replayed(uow.visits.by_key(sub.idempotency_key))
    except BaseException:
        _undo(files, written)
        raise


def _undo(files: FileStore, written: list[str]) -> None:
    for key in written:
        files.delete(key)


def _signature(png: bytes, params: FieldParams) -> SniffedFile:
    found = sniff("signature.png", png, min(params.evidence_max_bytes, 2 * 1024 * 1024))
    if found.content_type != "image/png":
        raise VisitRefused(N_("The handwritten signature must be a PNG image"))
    return SniffedFile(found.filename, found.content_type, "signature", found.size,
                       found.sha256, found.data)


Uploads = tuple[list[SniffedFile], FileStore, list[str]]


def _record(uow: UnitOfWork, principal: Principal, sub: VisitSubmission, policy: Policy,
            params: FieldParams, uploads: Uploads) -> SubmitResult:
    case = uow.cases.get(sub.case_id)
    assert case.id is not None  # a stored case
    require_branch(principal, case.branch_id, N_("Case"), sub.case_id)
    if case.state != CaseState.SCHEDULED:
        raise VisitRefused(N_("A visit cannot be recorded in case state %(state)s; only a "
                           "scheduled case can"), state=case.state.value)
    now = uow.clock.now()
    phone, sub = sub, _on_server_clock(sub, now)
    team_id, members = _team(uow, principal, case, sub)
    door.require_presence(uow, principal, case.id, sub.appointment_id, sub.staff_present,
                          {m.id: m.name for m in members})
    point = uow.visits.customer_point(case.customer_id)
    distance, flagged = rules.check_in_distance(sub.check_in_lat, sub.check_in_lon, point.lat,
                                                point.lon, params)
    if sub.outcome in AGREEMENT_OUTCOMES:
        rules.validate_terms(sub.agreement, sub.outcome, now.date())
    ctx = checks.VisitContext(
        case_type=case.case_type.value, staff_names=[m.name for m in members],
        staff_numbers=[m.staff_no for m in members], bank_name=params.bank_name,
        contact_times=uow.visits.contact_times(case.id),
        evidence_kinds=frozenset(f.kind for f in uploads[0]))
    found = checks.breaches(policy, sub, ctx)
    found += [b for b in _compliance_breaches(uow, case, Command.RECORD_VISIT)
              if b.rule not in {f.rule for f in found}]
    needed = _enforce(found, sub, policy)
    visit_id = uow.visits.add(
        case_id=case.id, appointment_id=sub.appointment_id, team_id=team_id,
        idempotency_key=sub.idempotency_key, check_in_at=naive_utc(sub.check_in_at),
        check_in_lat=sub.check_in_lat, check_in_lon=sub.check_in_lon,
        check_in_distance_m=distance, check_in_flagged=flagged,
        check_out_at=naive_utc(sub.check_out_at), staff_present=list(sub.staff_present),
        findings=sub.findings, customer_account=sub.customer_account,
        customer_suggestions=sub.customer_suggestions, consent_to_enter=sub.consent_to_enter,
        third_parties=sub.third_parties, signed_note=_note(sub), outcome=sub.outcome.value,
        created_at=naive_utc(now))
    _store_evidence(uow, principal, case.id, visit_id, uploads)
    record_contact(uow, principal, NewContact(
        case.id, Channel.VISIT, Party.DEBTOR, sub.outcome.value, sub.check_in_at,
        proof=_proof(sub, ctx.evidence_kinds), staff_id=principal.staff_id), policy,
        checked=False)  # the visit's own checks above counted every channel
    uow.audit(AuditEntry(principal.actor, "visit.record", "visit", str(visit_id), None,
                         {"case_id": case.id, "outcome": sub.outcome.value,
                          "distance_m": distance, "flagged": flagged,
                          "staff_present": list(sub.staff_present),
                          "inside_home": sub.inside_home}, now))
    skew = _audit_clock(uow, principal, visit_id, phone, sub, now)
    agreement_id = _agreement(uow, principal, case, visit_id, sub)
    commands = rules.commands_for(sub.outcome, params)
    if needed:
        approval_id = pending.request_override(uow, principal, case, visit_id, sub, commands,
                                               needed)
        return SubmitResult(visit_id=visit_id, case_id=case.id, case_state=case.state.value,
                            outcome=sub.outcome.value, check_in_distance_m=distance,
                            check_in_flagged=flagged, agreement_id=agreement_id,
                            clock_skew_s=skew, approval_id=approval_id)
    final, moved = run_commands(uow, principal, case, commands, sub.idempotency_key, None,
                                policy)
    survey = _survey(uow, case, visit_id, sub, params, point.phone_enc)
    return SubmitResult(visit_id=visit_id, case_id=case.id, case_state=final.state.value,
                        outcome=sub.outcome.value, check_in_distance_m=distance,
                        check_in_flagged=flagged, agreement_id=agreement_id,
                        survey_queued=survey, transitions=moved, clock_skew_s=skew)


def _on_server_clock(sub: VisitSubmission, now: datetime) -> VisitSubmission:
    """The submission with its times on the server's clock, checked there (DESIGN §5 rules
    such as the visit window are judged on these times, never on a wrong phone clock)."""
    sent = utc(sub.sent_at) if sub.sent_at is not None else None
    times = rules.server_times(utc(sub.check_in_at), utc(sub.check_out_at), sent, utc(now))
    rules.check_times(times.check_in_at, times.check_out_at, utc(now))
    if not times.corrected:
        return sub
    return replace(sub, check_in_at=times.check_in_at, check_out_at=times.check_out_at)


def _audit_clock(uow: UnitOfWork, principal: Principal, visit_id: int, phone: VisitSubmission,
                 server: VisitSubmission, now: datetime) -> int:
    """Keep the phone's claimed times when they were corrected; the skew in seconds."""
    if server is phone:
        return 0
    assert phone.sent_at is not None
    skew = round((utc(now) - utc(phone.sent_at)).total_seconds())
    uow.audit(AuditEntry(principal.actor, "visit.clock_corrected", "visit", str(visit_id), None,
                         {"phone_check_in_at": phone.check_in_at.isoformat(),
                          "phone_check_out_at": phone.check_out_at.isoformat(),
                          "phone_sent_at": phone.sent_at.isoformat(), "skew_s": skew,
                          "check_in_at": server.check_in_at.isoformat(),
                          "check_out_at": server.check_out_at.isoformat()}, now))
    return skew



def _note(sub: VisitSubmission) -> str | None:
    parts = [sub.signed_note.strip()] if sub.signed_note.strip() else []
    if sub.signature_png is not None:
        parts.append(text("record", "signature"))
    return "\n".join(parts) or None


def _team(uow: UnitOfWork, principal: Principal, case: Case,
          sub: VisitSubmission) -> tuple[int, list[Any]]:
    team_id = case.owner_team_id
    if sub.appointment_id is not None:
        appt = uow.visits.appointment(sub.appointment_id)
        if appt.case_id != case.id:
            raise VisitRefused(N_("The appointment is not of this case"))
        team_id = appt.team_id
    if team_id is None:
        raise VisitRefused(N_("No visit team is assigned to the case yet"))
    members = uow.visits.team(team_id)
    ids = {m.id for m in members}
    if principal.role == Role.FIELD_STAFF and principal.staff_id not in ids:
        raise VisitRefused(N_("This visit belongs to another team; you cannot check in "
                               "or record it"))
    if not set(sub.staff_present) <= ids or len(set(sub.staff_present)) != len(
            sub.staff_present):
        raise VisitRefused(N_("Those present must be distinct members of the team"))
    return team_id, members


def _enforce(found: list[Breach], sub: VisitSubmission, policy: Policy) -> list[Breach]:
    """Refuse on a breach unless it may be overridden and the officer asked for it with a
    reason; what is left needs an approval before the case moves (maker-checker)."""
    for breach in found:
        if sub.override is None or not breach.overridable(policy):
            raise breach.violation()
    if found and sub.override is not None and len(sub.override.reason.strip()) < 4:
        raise VisitRefused(N_("An exception needs a reason"))
    return found


def _store_evidence(uow: UnitOfWork, principal: Principal, case_id: int, visit_id: int,
                    uploads: Uploads) -> None:
    sniffed, files, written = uploads
    for f in sniffed:
        suffix = "." + f.content_type.split("/")[1]
        key = files.put(f"case-{case_id}", suffix, f.data)
        written.append(key)
        uow.visits.add_evidence(visit_id=visit_id, case_id=case_id, kind=f.kind,
                                filename=f.filename, content_type=f.content_type, size=f.size,
                                sha256=f.sha256, storage_key=key,
                                uploaded_at=naive_utc(uow.clock.now()),
                                uploaded_by=principal.username)


def _agreement(uow: UnitOfWork, principal: Principal, case: Case, visit_id: int,
               sub: VisitSubmission) -> int | None:
    terms = sub.agreement
    if sub.outcome not in AGREEMENT_OUTCOMES or terms is None:
        return None
    assert case.id is not None  # a stored case
    state = (AgreementState.PENDING_APPROVAL if terms.fee_waiver_amount > 0
             else AgreementState.ACTIVE)
    total = sum((i.amount for i in terms.instalments), start=terms.fee_waiver_amount * 0)
    agreement_id: int = uow.agreements.add(
        case.id, visit_id, sub.outcome.value, total, terms.fee_waiver_amount, state.value,
        uow.clock.now(), [(i.due_on, i.amount) for i in terms.instalments])
    uow.audit(AuditEntry("system", "agreement.create", "agreement", str(agreement_id), None,
                         {"case_id": case.id, "kind": sub.outcome.value, "total": str(total),
                          "fee_waiver": str(terms.fee_waiver_amount), "state": state.value},
                         uow.clock.now()))
    if terms.fee_waiver_amount > 0:
        pending.request_fee_waiver(uow, principal, case, agreement_id, terms.fee_waiver_amount,
                                   sub.findings)
    return agreement_id


def _proof(sub: VisitSubmission, evidence_kinds: frozenset[str]) -> Proof:
    """A visit that met the customer is proved by a signed note or a recording."""
    if sub.outcome == Outcome.NOT_AT_HOME:
        return Proof.NONE
    if sub.signed_note.strip() or sub.signature_png is not None:
        return Proof.SIGNED_NOTE
    return Proof.RECORDING if evidence_kinds & RECORDING_KINDS else Proof.NONE


def run_commands(uow: UnitOfWork, principal: Principal, case: Case,
                 commands: tuple[Command, ...], key: str, override: Override | None,
                 policy: Policy) -> tuple[Case, tuple[str, ...]]:
    """A visit outcome's case commands in order (the override, if any, on RECORD_VISIT);
    the third failed attempt in a row refers the case to legal review."""
    assert case.id is not None
    current, moved = case, []
    for command in commands:
        current = transition_case(uow, principal, TransitionCase(
            case.id, command, current.version, note=f"visit:{key}",
            override=override if command == Command.RECORD_VISIT else None), policy)
        moved.append(command.value)
    if (Command.RECORD_FAILED_ATTEMPT in commands
            and current.failed_attempts >= policy.max_failed_attempts):
        current = transition_case(uow, AUTOMATION, TransitionCase(
            case.id, Command.REFER_UNREACHABLE, current.version,
            note=text("record", "escalation_note", n=current.failed_attempts)), policy)
        moved.append(Command.REFER_UNREACHABLE.value)
    return current, tuple(moved)


def _survey(uow: UnitOfWork, case: Case, visit_id: int, sub: VisitSubmission,
            params: FieldParams, phone_enc: str) -> bool:
    """Queue the satisfaction survey link (signed random token; only its hash is kept)."""
    if sub.outcome == Outcome.NOT_AT_HOME:
        return False
    assert case.id is not None  # a stored case
    token = secrets.token_urlsafe(24)
    uow.agreements.add_survey(case.id, visit_id, hashlib.sha256(token.encode()).hexdigest(),
                              uow.clock.now())
    link = f"{params.public_base_url.rstrip('/')}/survey/{token}"
    return bool(uow.agreements.queue(
        kind="survey", recipient_enc=phone_enc,
        subject=text("survey", "subject"),
        body=text("survey", "body", link=link),
        case_id=case.id, key=f"survey:{visit_id}", at=uow.clock.now()))
