"""Agreements after a visit: fee-waiver approval, imported repayments, kept or broken."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from doorstep.approvals import service as approvals
from doorstep.approvals.model import Authority
from doorstep.approvals.service import Effects
from doorstep.cases.compliance import Policy
from doorstep.cases.lifecycle import Command
from doorstep.cases.model import CaseState
from doorstep.cases.service import TransitionCase, transition_case
from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.i18n import N_, Msg
from doorstep.core.uow import UnitOfWork
from doorstep.visits.records import approved, rules
from doorstep.visits.records.model import AgreementState, VisitRefused
from doorstep.visits.records.rules import FieldParams, InstalmentStatus
from doorstep.visits.records.service import AUTOMATION
from doorstep.visits.wording import text


def pending_fee_waivers(uow: UnitOfWork, principal: Principal) -> list[Any]:
    """Agreements in the principal's branches whose fee waiver awaits approval."""
    require(principal, Permission.AGREEMENT_APPROVE)
    return uow.agreements.pending_waivers(principal.branch_id)


def approve_fee_waiver(uow: UnitOfWork, principal: Principal, agreement_id: int,
                       authority: Authority, policy: Policy,
                       reason: str = N_("Fee waiver approved")) -> None:
    """Decide (approve) the pending fee-waiver request of an agreement: the same rule as
    every approval (not the maker, within the authority limit)."""
    require(principal, Permission.AGREEMENT_APPROVE)
    row = uow.agreements.get(agreement_id)
    require_branch(principal, row.branch_id, N_("Agreement"), agreement_id)
    found = uow.approvals.pending_for_subject("agreement", agreement_id)
    if row.state != AgreementState.PENDING_APPROVAL or found is None:
        raise VisitRefused(N_("This agreement has no waiver awaiting approval"))
    approvals.decide(uow, principal, found.id, True, reason, authority, Effects(
        lambda u, who, req: approved.waiver_decided(u, who, req, True),
        lambda u, who, req: approved.waiver_decided(u, who, req, False)))


@dataclass(frozen=True)
class Repayment:
    """One imported payment: to an agreement (by id) or to the open agreement of an account."""

    row: int
    paid_on: date
    amount: Decimal
    agreement_id: int | None = None
    account_no: str = ""


@dataclass
class ImportReport:
    applied: int = 0
    errors: list[str] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)
    broken: list[int] = field(default_factory=list)
    reminders: int = 0


def import_repayments(uow: UnitOfWork, items: list[Repayment], policy: Policy,
                      params: FieldParams) -> ImportReport:
    """Apply every payment or none (row-level errors), then review all open agreements."""
    report = ImportReport()
    for item in items:
        agreement_id = item.agreement_id or uow.agreements.for_account(item.account_no)
        if agreement_id is None or item.amount <= 0:
            report.errors.append(str(Msg(N_("Row %(row)s: no open agreement, or the amount is "
                                             "invalid"), {"row": item.row})))
            continue
        _apply(uow, agreement_id, item)
        report.applied += 1
    if report.errors:
        return report
    review_agreements(uow, policy, params, report)
    return report


def _apply(uow: UnitOfWork, agreement_id: int, item: Repayment) -> None:
    rows = [r for r in uow.agreements.instalments(agreement_id)]
    items = [InstalmentStatus(r.due_on, r.amount, r.paid_amount) for r in rows]
    for row, paid in zip(rows, rules.allocate(item.amount, items), strict=True):
        if paid != row.paid_amount:
            uow.agreements.pay(row.id, paid, item.paid_on,
                               "paid" if paid >= row.amount else "part_paid")


def review_agreements(uow: UnitOfWork, policy: Policy, params: FieldParams,
                      report: ImportReport) -> None:
    """Kept → resolve; broken → escalate or follow-up (settings); due soon → a reminder."""
    today = uow.clock.now().date()
    for agreement_id in uow.agreements.open_ids():
        row = uow.agreements.get(agreement_id)
        rows = uow.agreements.instalments(agreement_id)
        verdict = rules.agreement_verdict(
            [InstalmentStatus(r.due_on, r.amount, r.paid_amount) for r in rows], today,
            params.grace_days)
        if verdict == "kept":
            _close(uow, row, AgreementState.KEPT, Command.RESOLVE, policy)
            report.kept.append(agreement_id)
        elif verdict == "broken":
            command = (Command.REQUEST_FOLLOW_UP if params.broken_goes_to == "follow_up"
                       else Command.ESCALATE)
            _close(uow, row, AgreementState.BROKEN, command, policy)
            report.broken.append(agreement_id)
        else:
            report.reminders += _remind(uow, row, rows, today, params)


def _close(uow: UnitOfWork, row: Any, state: AgreementState, command: Command,
           policy: Policy) -> None:
    uow.agreements.set_state(row.id, state.value)
    uow.audit(AuditEntry(AUTOMATION.actor, f"agreement.{state.value}", "agreement",
                         str(row.id), {"state": row.state}, {"state": state.value},
                         uow.clock.now()))
    if row.case_state != CaseState.MONITORING.value:
        return
    transition_case(uow, AUTOMATION, TransitionCase(
        row.case_id, command, row.case_version, note=f"agreement:{row.id}:{state.value}"), policy)


def _remind(uow: UnitOfWork, row: Any, rows: list[Any], today: date,
            params: FieldParams) -> int:
    horizon = today + timedelta(days=params.reminder_days_before)
    sent = 0
    for r in rows:
        if r.paid_amount < r.amount and today <= r.due_on <= horizon:
            recipient = uow.visits.customer_point(row.customer_id).phone_enc
            sent += bool(uow.agreements.queue(
                kind="instalment_reminder", recipient_enc=recipient,
                subject=text("reminder", "subject"),
                body=text("reminder", "body", amount=r.amount, due=f"{r.due_on:%Y-%m-%d}"),
                case_id=row.case_id, key=f"instalment-reminder:{r.id}", at=uow.clock.now()))
    return sent
