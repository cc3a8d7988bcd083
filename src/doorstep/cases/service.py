"""Case use cases: each a short function over the unit of work, one transaction each."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from doorstep.cases import compliance, lifecycle
from doorstep.cases.collection import overdue_since, qualifies
from doorstep.cases.compliance import Breach, Policy
from doorstep.cases.lifecycle import CaseFacts, Command
from doorstep.cases.model import OPEN_STATES, BusinessLine, Case, CaseState, CaseType
from doorstep.cases.queries import CaseDetail, CasePage, CaseQuery, Today
from doorstep.core.access import Permission, Principal, Role, allows, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import BANK_TZ, local
from doorstep.core.errors import (
    StaleVersion,
    ValidationFailed,
)
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork

COMMAND_PERMISSIONS: dict[Command, Permission] = {
    Command.APPROVE: Permission.CASE_APPROVE,
    Command.ASSIGN: Permission.CASE_DISPATCH,
    Command.SCHEDULE: Permission.CASE_DISPATCH,
    Command.RECORD_VISIT: Permission.CASE_VISIT,
    Command.RECORD_FAILED_ATTEMPT: Permission.CASE_VISIT,
    Command.RESOLVE: Permission.CASE_RESOLVE,
    Command.MONITOR: Permission.CASE_RESOLVE,
    Command.REQUEST_FOLLOW_UP: Permission.CASE_RESOLVE,
    Command.ESCALATE: Permission.CASE_ESCALATE,
    Command.START_MEDIATION: Permission.CASE_LEGAL,
    Command.LITIGATE: Permission.CASE_LEGAL,
    Command.REFER_UNREACHABLE: Permission.CASE_CLOSE,
}
VISIT_COMMANDS = (Command.SCHEDULE, Command.RECORD_VISIT)


@dataclass(frozen=True)
class Override:
    """A breach to let through, with the maker's reason. Nobody types an approver: it is
    filled in only when an approval request is approved in the app (``approvals``)."""

    reason: str
    approver: str = ""
    approval_id: int | None = None


@dataclass(frozen=True)
class Pending:
    """A command that needs a compliance override was sent for approval instead."""

    approval_id: int


@dataclass(frozen=True)
class TransitionCase:
    case_id: int
    command: Command
    expected_version: int
    team_id: int | None = None
    note: str = ""
    override: Override | None = None
    #: ASSIGN: whether the team's valid skills and certificates cover the case, a fact the
    #: caller brings from the teams capability (``teams.assignment.with_coverage``); an
    #: assignment without it is refused, never waved through.
    team_covers_case: bool | None = None


def list_cases(uow: UnitOfWork, principal: Principal, query: CaseQuery) -> CasePage:
    require(principal, Permission.CASE_READ)
    if query.page < 1 or not 1 <= query.page_size <= 200:
        raise ValidationFailed(N_("page must be at least 1 and page_size between 1 and 200"))
    return uow.cases.page(query, principal.branch_id, uow.clock.now())


def today(uow: UnitOfWork, principal: Principal) -> Today:
    """Counts by state, open cases past their SLA, and what falls due today (local time)."""
    require(principal, Permission.CASE_READ)
    by_state = uow.cases.counts_by_state(principal.branch_id)
    counts = [(s, by_state.get(s, 0)) for s in CaseState]
    open_states = tuple(s for s in CaseState if s in OPEN_STATES)
    overdue = uow.cases.page(CaseQuery(states=open_states, overdue_only=True, page_size=10),
                             principal.branch_id, uow.clock.now())
    now = uow.clock.now()
    midnight = datetime.combine(local(now).date() + timedelta(days=1), datetime.min.time(),
                                tzinfo=BANK_TZ)
    due = uow.cases.due_between(principal.branch_id, now, midnight, 10)
    return Today(counts=counts, open_total=sum(n for s, n in counts if s in OPEN_STATES),
                 overdue_total=overdue.total, overdue=overdue.items, due_today=due)


def case_detail(uow: UnitOfWork, principal: Principal, case_id: int) -> CaseDetail:
    require(principal, Permission.CASE_READ)
    detail = uow.cases.detail(case_id)
    require_branch(principal, detail.item.branch_id, N_("Case"), case_id)
    return detail


def _gather_facts(uow: UnitOfWork, case: Case, cmd: TransitionCase,
                  policy: Policy) -> CaseFacts:
    assert case.id is not None  # a stored case
    team_id = cmd.team_id if cmd.team_id is not None else case.owner_team_id
    members = uow.cases.team_members(team_id) if team_id is not None else []
    visit = uow.cases.latest_visit(case.id) if cmd.command == Command.RECORD_VISIT else None
    staff = len(visit.staff_present) if visit is not None else 0
    in_hours = False
    if visit is not None and visit.check_in_at is not None:
        end = visit.check_out_at or visit.check_in_at + timedelta(minutes=1)
        in_hours = compliance.check_visit_window(policy, visit.check_in_at, end) is None or (
            cmd.override is not None and "visit_window" in policy.overridable)
    override = cmd.override
    return CaseFacts(
        team_id=team_id, team_size=len(members),
        appointment_confirmed=(cmd.command == Command.SCHEDULE
                               and uow.appointments.has_confirmed(case.id)),
        team_skills_cover_case=_team_covers(cmd, team_id),
        visit_recorded=visit is not None, visit_staff_count=staff,
        visit_inside_allowed_hours=in_hours, visit_attempts=uow.cases.visit_attempts(case.id),
        legal_override_reason=override.reason if override else "",
        override_approver=override.approver if override else "",
        confirmed_contacts=_effective_contacts(uow, case.id or 0, policy),
        effective_collection_contacts=policy.effective_collection_contacts,
        is_credit_card=case.business_line == BusinessLine.CREDIT_CARD,
        agreement_kept=(cmd.command == Command.RESOLVE and uow.agreements.kept_for_case(case.id)),
        resolution_reason=cmd.note, max_failed_attempts=policy.max_failed_attempts,
        min_staff_per_visit=policy.min_staff,
        effective_collection_gap_days=policy.effective_collection_gap_days,
        mediation_open=case.state == CaseState.MEDIATION and _mediation_open(uow, case),
    )


def _effective_contacts(uow: UnitOfWork, case_id: int, policy: Policy) -> tuple[datetime, ...]:
    """When the contacts that count toward effective collection happened: with the customer,
    after the debt fell overdue, with proof of receipt (the lifecycle checks their number and
    gaps)."""
    since = overdue_since(uow.contacts.overdue_months(case_id))
    return tuple(c.at for c in uow.contacts.of_case(case_id) if qualifies(c, since))


def _mediation_open(uow: UnitOfWork, case: Case) -> bool:
    """Whether the legal desk's mediation record for the case is still running."""
    assert case.id is not None  # a stored case
    found = uow.legal.mediation_of(case.id)
    return found is not None and found.ended_at is None


def _team_covers(cmd: TransitionCase, team_id: int | None) -> bool:
    """ASSIGN: the caller's fact that the team's skills and certificates cover the case."""
    if cmd.command != Command.ASSIGN or team_id is None:
        return True
    return cmd.team_covers_case is True


def _check_override(uow: UnitOfWork, override: Override) -> None:
    """An override applies only as the effect of an approved request (approver filled in
    by the approvals service from the logged-in decider), never from a typed name."""
    row = uow.users.by_username(override.approver) if override.approver else None
    if row is None or not allows(Role(row.role), Permission.COMPLIANCE_OVERRIDE):
        raise ValidationFailed(N_(
            "A compliance exception must be approved in the system by an authorised approver"))
    if len(override.reason.strip()) < 4:
        raise ValidationFailed(N_("An exception needs a reason"))


def _enforce(uow: UnitOfWork, principal: Principal, case: Case, breaches: list[Breach],
             override: Override | None, policy: Policy) -> None:
    """Refuse on a breach unless it may be overridden and an approver gave a reason."""
    for breach in breaches:
        if override is None or not breach.overridable(policy):
            raise breach.violation()
    for breach in breaches:
        assert override is not None
        uow.cases.add_exception(case.id, breach.rule, breach.detail, override.approver,
                                override.reason, principal.actor, uow.clock.now(),
                                approval_id=override.approval_id)


def _compliance_breaches(uow: UnitOfWork, case: Case, command: Command) -> list[Breach]:
    if command not in VISIT_COMMANDS:
        return []
    do_not_visit, regulator = uow.cases.customer_flags(case.customer_id)
    breach = compliance.check_visit_flags(do_not_visit, regulator)
    return [breach] if breach else []


def transition_case(uow: UnitOfWork, principal: Principal, cmd: TransitionCase,
                    policy: Policy) -> Case:
    """Move a case by a named command: permission, scope, version, guards, policy, audit."""
    require(principal, COMMAND_PERMISSIONS[cmd.command])
    case = uow.cases.get(cmd.case_id)
    require_branch(principal, case.branch_id, N_("Case"), cmd.case_id)
    if case.version != cmd.expected_version:
        raise StaleVersion(current=case.version, given=cmd.expected_version)
    if cmd.override is not None:
        _check_override(uow, cmd.override)
    facts = _gather_facts(uow, case, cmd, policy)
    now = uow.clock.now()
    updated = lifecycle.apply(case, cmd.command, facts, now)
    _enforce(uow, principal, case, _compliance_breaches(uow, case, cmd.command), cmd.override,
             policy)
    uow.cases.save(updated, cmd.expected_version, now)
    after: dict[str, object] = {"state": updated.state.value, "version": updated.version}
    if cmd.note:
        after["note"] = cmd.note
    if cmd.override is not None:
        after["override"] = {"approver": cmd.override.approver, "reason": cmd.override.reason,
                             "approval_id": cmd.override.approval_id}
    uow.audit(AuditEntry(principal.actor, f"case.{cmd.command.value}", "case", str(case.id),
                         {"state": case.state.value, "version": case.version}, after, now))
    return updated


@dataclass(frozen=True)
class OpenCase:
    customer_id: int
    case_type: CaseType
    business_line: BusinessLine
    priority: int = 3
    overdue_amount: Decimal = Decimal("0")
    amount_at_stake: Decimal = Decimal("0")
    summary: str = ""
    sla_days: int = 30


class Admission(Protocol):
    """Raises if the customer may not be visited now (the evaluation capability's holdout
    lock, ``evaluation.holdout_lock.refuse_if_locked``); the caller passes it in."""

    def __call__(self, uow: UnitOfWork, customer_id: int) -> None: ...


def open_case(uow: UnitOfWork, principal: Principal, cmd: OpenCase, admit: Admission) -> Case:
    """Open a case by hand (e.g. from a complaint); it starts in ``screened``."""
    require(principal, Permission.CASE_APPROVE)
    if not 1 <= cmd.priority <= 5:
        raise ValidationFailed(N_("The priority must be 1–5"))
    if cmd.overdue_amount < 0 or cmd.amount_at_stake < 0 or cmd.amount_at_stake > 10**11:
        raise ValidationFailed(N_("Amounts may not be negative or beyond a reasonable range"))
    branch_id = uow.customers.branch_of(cmd.customer_id)
    require_branch(principal, branch_id, N_("Customer"), cmd.customer_id)
    admit(uow, cmd.customer_id)  # a random holdout stays unvisited (issue 17)
    now = uow.clock.now()
    case = Case(id=None, customer_id=cmd.customer_id, branch_id=branch_id,
                case_type=cmd.case_type, business_line=cmd.business_line,
                priority=cmd.priority, overdue_amount=cmd.overdue_amount,
                amount_at_stake=cmd.amount_at_stake, summary=cmd.summary,
                opened_at=now.replace(tzinfo=None),
                sla_due=(now + timedelta(days=cmd.sla_days)).replace(tzinfo=None))
    case_id = uow.cases.add(case, uow.cases.next_case_no(now), now)
    uow.audit(AuditEntry(principal.actor, "case.open", "case", str(case_id), None,
                         {"state": CaseState.SCREENED.value, "version": 1}, now))
    return replace(case, id=case_id)
