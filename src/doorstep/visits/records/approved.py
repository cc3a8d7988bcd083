"""Decisions on what a visit sent for approval: the waiting case commands run (or not) and
the fee waiver takes effect (or not). Called by ``decisions.effects``; no commit here."""

from __future__ import annotations

from doorstep.approvals.case_overrides import breaches_of, record_refusal
from doorstep.approvals.model import Request
from doorstep.cases.compliance import Policy
from doorstep.cases.lifecycle import Command
from doorstep.cases.service import Override
from doorstep.core.access import Principal
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import StaleVersion
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.visits.records.model import AgreementState, VisitRefused
from doorstep.visits.records.service import run_commands

#: Rules the case command itself checks again (and records) when it runs with the override.
CHECKED_BY_COMMAND = frozenset({"do_not_visit", "regulator_complaint"})


def visit_approved(uow: UnitOfWork, maker: Principal, decider: Principal, request: Request,
                   policy: Policy) -> None:
    """The visit's case commands run now, as the officer who made the visit."""
    p = request.payload
    case = uow.cases.get(int(p["case_id"]))
    if case.version != int(p["version"]):
        raise StaleVersion(current=case.version, given=int(p["version"]))
    override = Override(request.request_reason, decider.username, request.id)
    for breach in breaches_of(request):
        if breach.rule not in CHECKED_BY_COMMAND:
            uow.cases.add_exception(case.id, breach.rule, breach.detail, decider.username,
                                    request.request_reason, maker.actor, uow.clock.now(),
                                    approval_id=request.id)
    commands = tuple(Command(c) for c in p["commands"])
    run_commands(uow, maker, case, commands, str(p["key"]), override, policy)


def visit_refused(uow: UnitOfWork, decider: Principal, request: Request) -> None:
    """The case stays where it was; the breach is on file as refused."""
    record_refusal(uow, decider, request, int(request.payload["case_id"]))


def waiver_decided(uow: UnitOfWork, decider: Principal, request: Request,
                   approved: bool) -> None:
    """An approved waiver activates the agreement; a refused one leaves it unapproved."""
    agreement_id = int(request.payload["agreement_id"])
    row = uow.agreements.get(agreement_id)
    if row.state != AgreementState.PENDING_APPROVAL:
        raise VisitRefused(N_("This agreement has no waiver awaiting approval"))
    state = AgreementState.ACTIVE if approved else AgreementState.WAIVER_REFUSED
    uow.agreements.set_state(agreement_id, state.value,
                             decider.username if approved else None)
    action = "approve_fee_waiver" if approved else "refuse_fee_waiver"
    uow.audit(AuditEntry(decider.actor, f"agreement.{action}", "agreement", str(agreement_id),
                         {"state": row.state}, {"state": state.value,
                                                "fee_waiver": str(row.fee_waiver_amount),
                                                "approval_id": request.id}, uow.clock.now()))
