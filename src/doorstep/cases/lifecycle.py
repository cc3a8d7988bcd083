"""The case lifecycle of DESIGN §4 as data: named commands, the states they move between,
and the guards that must hold. Pure: the service gathers the facts, this module decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from doorstep.cases.compliance import missing_effective_collection
from doorstep.cases.model import OPEN_STATES, Case, CaseState
from doorstep.core.errors import GuardFailed, IllegalTransition
from doorstep.core.i18n import N_, Msg


class Command(StrEnum):
    APPROVE = "approve"
    ASSIGN = "assign"
    SCHEDULE = "schedule"
    RECORD_VISIT = "record_visit"
    RECORD_FAILED_ATTEMPT = "record_failed_attempt"
    RESOLVE = "resolve"
    MONITOR = "monitor"
    REQUEST_FOLLOW_UP = "request_follow_up"
    ESCALATE = "escalate"
    START_MEDIATION = "start_mediation"
    LITIGATE = "litigate"
    REFER_UNREACHABLE = "refer_unreachable"


COMMAND_LABELS: dict[Command, str] = {
    Command.APPROVE: N_("Approve"),
    Command.ASSIGN: N_("Assign a team"),
    Command.SCHEDULE: N_("Schedule"),
    Command.RECORD_VISIT: N_("Record visit"),
    Command.RECORD_FAILED_ATTEMPT: N_("Record failed attempt"),
    Command.RESOLVE: N_("Resolve"),
    Command.MONITOR: N_("Monitor agreement"),
    Command.REQUEST_FOLLOW_UP: N_("Request follow-up"),
    Command.ESCALATE: N_("Escalate"),
    Command.START_MEDIATION: N_("Start mediation"),
    Command.LITIGATE: N_("Litigate"),
    Command.REFER_UNREACHABLE: N_("Refer to legal review (unreachable)"),
}


@dataclass(frozen=True)
class CaseFacts:
    """What the guards need to know beyond the case itself, gathered by the service."""

    team_id: int | None = None
    team_size: int = 0
    team_skills_cover_case: bool = True
    appointment_confirmed: bool = False
    visit_recorded: bool = False
    visit_staff_count: int = 0
    visit_inside_allowed_hours: bool = False
    visit_attempts: int = 0
    legal_override_reason: str = ""
    override_approver: str = ""
    confirmed_contacts: tuple[datetime, ...] = ()
    is_credit_card: bool = False
    agreement_kept: bool = False
    resolution_reason: str = ""
    max_failed_attempts: int = 3
    min_staff_per_visit: int = 2
    effective_collection_gap_days: int = 30
    effective_collection_contacts: int = 2
    mediation_open: bool = False


Guard = Callable[[Case, CaseFacts], Msg | None]


def _team_assigned(case: Case, f: CaseFacts) -> Msg | None:
    if f.team_id is None:
        return Msg(N_("A visiting team must be assigned"))
    if f.team_size < f.min_staff_per_visit:
        return Msg(N_("The team needs at least %(need)s staff members"),
                   {"need": f.min_staff_per_visit})
    if not f.team_skills_cover_case:
        return Msg(N_("The team's skills or certificates do not cover this case type"))
    return None


def _appointment_confirmed(case: Case, f: CaseFacts) -> Msg | None:
    """SCHEDULE: an appointment of this case is ``confirmed`` on file (by the customer's link
    or by staff recording the customer's confirmation by phone)."""
    if f.appointment_confirmed:
        return None
    return Msg(N_("The case has no appointment the customer confirmed: wait for the customer "
                  "to confirm through the appointment link, or record their confirmation by "
                  "phone"))


def _full_team_visit(case: Case, f: CaseFacts) -> Msg | None:
    if not f.visit_recorded:
        return Msg(N_("A visit record is needed"))
    if f.visit_staff_count < f.min_staff_per_visit:
        return Msg(N_("At least %(need)s staff members must be present at the visit"),
                   {"need": f.min_staff_per_visit})
    if not f.visit_inside_allowed_hours:
        return Msg(N_("The visit time is outside the allowed hours"))
    return None


def _attempt_or_override(case: Case, f: CaseFacts) -> Msg | None:
    if f.visit_attempts > 0 or case.state in (CaseState.VISITED, CaseState.MONITORING):
        return None
    if f.legal_override_reason.strip() and f.override_approver.strip():
        return None
    return Msg(N_("Escalation needs at least one visit attempt, or a legal approval with a "
                  "reason"))


def _agreement_kept(case: Case, f: CaseFacts) -> Msg | None:
    """RESOLVE: money owed → an agreement kept according to the repayments on file; no money
    owed → a resolution with a reason. A mediation is settled by the legal desk's guard."""
    if case.state == CaseState.MEDIATION:
        return None
    if case.overdue_amount > 0 or case.state == CaseState.MONITORING:
        if f.agreement_kept:
            return None
        return Msg(N_("The case still has money owed: it can be resolved only with a repayment "
                      "agreement fulfilled according to the booked repayments"))
    if len(f.resolution_reason.strip()) >= 2:
        return None
    return Msg(N_("A case without money owed needs a reason to be resolved"))


def _effective_collection(case: Case, f: CaseFacts) -> Msg | None:
    if not f.is_credit_card:
        return None
    return missing_effective_collection(f.confirmed_contacts, f.effective_collection_contacts,
                                        f.effective_collection_gap_days)


def _mediation_outcome_recorded(case: Case, f: CaseFacts) -> Msg | None:
    """§10: a mediation ends in an imported agreement or a failure reason, recorded by the
    legal desk, which then moves the case; the generic case command may not skip that."""
    if case.state == CaseState.MEDIATION and f.mediation_open:
        return Msg(N_("The pre-litigation mediation has no recorded outcome yet: import the "
                      "mediation agreement or record why it failed on the legal page"))
    return None


def _enough_failed_attempts(case: Case, f: CaseFacts) -> Msg | None:
    if case.failed_attempts >= f.max_failed_attempts:
        return None
    return Msg(N_("%(count)s failed attempts in a row, short of the %(need)s a legal review "
                  "needs"), {"count": case.failed_attempts, "need": f.max_failed_attempts})


@dataclass(frozen=True)
class Transition:
    sources: frozenset[CaseState]
    target: CaseState
    guards: tuple[Guard, ...] = field(default=())


S = CaseState
FIELD_STATES = frozenset({S.APPROVED, S.ASSIGNED, S.SCHEDULED, S.VISITED, S.MONITORING,
                          S.FOLLOW_UP})
TRANSITIONS: dict[Command, Transition] = {
    Command.APPROVE: Transition(frozenset({S.SCREENED}), S.APPROVED),
    Command.ASSIGN: Transition(frozenset({S.APPROVED, S.ASSIGNED}), S.ASSIGNED, (_team_assigned,)),
    Command.SCHEDULE: Transition(
        frozenset({S.ASSIGNED, S.FOLLOW_UP}), S.SCHEDULED, (_team_assigned, _appointment_confirmed)
    ),
    Command.RECORD_VISIT: Transition(frozenset({S.SCHEDULED}), S.VISITED, (_full_team_visit,)),
    Command.RECORD_FAILED_ATTEMPT: Transition(frozenset({S.SCHEDULED}), S.FOLLOW_UP),
    Command.RESOLVE: Transition(
        frozenset({S.VISITED, S.MONITORING, S.MEDIATION}), S.RESOLVED,
        (_agreement_kept, _mediation_outcome_recorded),
    ),
    Command.MONITOR: Transition(frozenset({S.VISITED}), S.MONITORING),
    # A broken agreement goes back to the field when the bank's policy says so (issue 5).
    Command.REQUEST_FOLLOW_UP: Transition(frozenset({S.VISITED, S.MONITORING}), S.FOLLOW_UP),
    Command.ESCALATE: Transition(
        FIELD_STATES, S.ESCALATED,
        (_attempt_or_override,),
    ),
    Command.START_MEDIATION: Transition(frozenset({S.ESCALATED}), S.MEDIATION),
    Command.LITIGATE: Transition(
        frozenset({S.ESCALATED, S.MEDIATION}), S.LITIGATION,
        (_effective_collection, _mediation_outcome_recorded),
    ),
    # §10: a customer not met after the configured attempts goes to legal review, not closed.
    # ``closed_unreachable`` stays a state only for cases closed that way before.
    Command.REFER_UNREACHABLE: Transition(FIELD_STATES, S.ESCALATED, (_enough_failed_attempts,)),
}


def allowed_commands(state: CaseState) -> list[Command]:
    """Commands whose source states include ``state`` (guards not yet checked)."""
    return [c for c, t in TRANSITIONS.items() if state in t.sources]


def check(case: Case, command: Command, facts: CaseFacts) -> CaseState:
    """The target state of ``command`` on ``case``; raises when illegal or a guard fails."""
    transition = TRANSITIONS[command]
    if case.state not in transition.sources:
        raise IllegalTransition(state=case.state.value, command=command.value)
    for guard in transition.guards:
        failure = guard(case, facts)
        if failure is not None:
            raise GuardFailed(failure.msgid, command=command.value, **failure.params)
    return transition.target


def apply(case: Case, command: Command, facts: CaseFacts, at: datetime) -> Case:
    """A new case value after ``command``: state moved, version bumped, counters updated.

    The input case is never modified, so a failed command changes nothing.
    """
    target = check(case, command, facts)
    changes: dict[str, object] = {"state": target, "version": case.version + 1}
    if command == Command.RECORD_FAILED_ATTEMPT:
        changes["failed_attempts"] = case.failed_attempts + 1
    elif command == Command.RECORD_VISIT:
        changes["failed_attempts"] = 0
    if command in (Command.ASSIGN, Command.SCHEDULE) and facts.team_id is not None:
        changes["owner_team_id"] = facts.team_id
    if target not in OPEN_STATES:
        changes["closed_at"] = at
    return replace(case, **changes)  # type: ignore[arg-type]
