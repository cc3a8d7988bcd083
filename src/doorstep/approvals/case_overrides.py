"""A lifecycle command that needs a compliance override becomes an approval request
(maker-checker): the case stays where it is until another authorised person approves it in the
app; a refusal records the breach. Commands that need no override run at once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from doorstep.approvals import service as approvals
from doorstep.approvals.model import Kind, Request
from doorstep.cases import lifecycle
from doorstep.cases.compliance import Breach, Policy
from doorstep.cases.lifecycle import COMMAND_LABELS, Command
from doorstep.cases.model import Case
from doorstep.cases.service import (
    COMMAND_PERMISSIONS,
    Override,
    Pending,
    TransitionCase,
    _compliance_breaches,
    _gather_facts,
    transition_case,
)
from doorstep.core.access import Principal, require, require_branch
from doorstep.core.errors import GuardFailed, StaleVersion
from doorstep.core.i18n import N_, RECORD_LANGUAGE, Msg, translate_in
from doorstep.core.uow import UnitOfWork
from doorstep.teams.assignment import with_coverage

#: The rule name of the one overridable lifecycle guard per command.
GUARD_RULES = {Command.ESCALATE: "escalate_without_visit",
               Command.RECORD_VISIT: "visit_window"}
_PROBE = Override(reason="(probe)", approver="(probe)")


def breaches_needing_override(uow: UnitOfWork, case: Case, cmd: TransitionCase,
                              policy: Policy) -> list[Breach]:
    """What an override would have to let through; raises when it could not help."""
    plain = replace(cmd, override=None)
    needed: list[Breach] = []
    try:
        lifecycle.check(case, cmd.command, _gather_facts(uow, case, plain, policy))
    except GuardFailed as exc:
        rule = GUARD_RULES.get(cmd.command)
        if rule is None:
            raise
        lifecycle.check(case, cmd.command,
                        _gather_facts(uow, case, replace(cmd, override=_PROBE), policy))
        needed.append(Breach(rule, Msg(exc.detail, exc.params)))
    for breach in _compliance_breaches(uow, case, cmd.command):
        if not breach.overridable(policy):
            raise breach.violation()
        needed.append(breach)
    return needed


def submit_transition(uow: UnitOfWork, principal: Principal, cmd: TransitionCase,
                      policy: Policy) -> Case | Pending:
    """Run a command; with an override reason and a breach to let through, file a
    compliance-override request instead and leave the case unchanged."""
    cmd = with_coverage(uow, cmd)
    if cmd.override is None:
        return transition_case(uow, principal, cmd, policy)
    require(principal, COMMAND_PERMISSIONS[cmd.command])
    case = uow.cases.get(cmd.case_id)
    require_branch(principal, case.branch_id, N_("Case"), cmd.case_id)
    if case.version != cmd.expected_version:
        raise StaleVersion(current=case.version, given=cmd.expected_version)
    needed = breaches_needing_override(uow, case, cmd, policy)
    if not needed:
        return transition_case(uow, principal, replace(cmd, override=None), policy)
    assert case.id is not None

    approval_id = approvals.request(uow, principal, approvals.NewRequest(
        kind=Kind.COMPLIANCE_OVERRIDE, subject_type="case", subject_id=case.id,
        branch_id=case.branch_id, reason=cmd.override.reason,
        summary=_summary(case.id, cmd.command, needed),
        payload={"action": "transition", "case_id": case.id, "command": cmd.command.value,
                 "version": cmd.expected_version, "team_id": cmd.team_id, "note": cmd.note,
                 "breaches": [{"rule": b.rule, "detail": b.detail} for b in needed]}))
    return Pending(approval_id)


def _summary(case_id: int, command: Command, needed: list[Breach]) -> str:
    """The request's summary, written in the records' language."""
    separator = translate_in(RECORD_LANGUAGE, "; ")
    return translate_in(RECORD_LANGUAGE, N_("Case #%(id)s '%(command)s': %(breaches)s"),
                        id=case_id, command=Msg(COMMAND_LABELS[command]),
                        breaches=separator.join(b.detail for b in needed))


def breaches_of(request: Request) -> list[Breach]:
    return [Breach(str(b["rule"]), Msg(str(b["detail"])))
            for b in request.payload.get("breaches", [])]


def approved_transition(uow: UnitOfWork, maker: Principal, decider: Principal,
                        request: Request, policy: Policy) -> None:
    """The approved command, run as its maker with the decider as approver."""
    p: dict[str, Any] = request.payload
    for breach in breaches_of(request):
        if breach.rule in GUARD_RULES.values():  # the command records the policy's own rules
            uow.cases.add_exception(int(p["case_id"]), breach.rule, breach.detail,
                                    decider.username, request.request_reason, maker.actor,
                                    uow.clock.now(), approval_id=request.id)
    transition_case(uow, maker, with_coverage(uow, TransitionCase(
        case_id=int(p["case_id"]), command=Command(p["command"]),
        expected_version=int(p["version"]), team_id=p.get("team_id"), note=p.get("note", ""),
        override=Override(request.request_reason, decider.username, request.id))), policy)


def record_refusal(uow: UnitOfWork, decider: Principal, request: Request,
                   case_id: int) -> None:
    """A refused override leaves the case where it was; the breach stays on file."""
    for breach in breaches_of(request):
        uow.cases.add_exception(case_id, breach.rule, breach.detail, decider.username,
                                request.decision_reason or "", f"user:{request.requested_by}",
                                uow.clock.now(), decision="refused", approval_id=request.id)
