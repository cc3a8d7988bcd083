"""The analyst's manual edits and a person's approval, which alone turns entries into cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from doorstep.approvals import service as approvals
from doorstep.approvals.model import Authority, Kind, Request, default_authority
from doorstep.cases.model import BusinessLine, Case, CaseState, CaseType
from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import Conflict, ValidationFailed
from doorstep.core.i18n import DEFAULT_LANGUAGE, N_, _, translate_in
from doorstep.core.uow import UnitOfWork
from doorstep.screening.holdout import refuse_if_locked
from doorstep.screening.records import RunRecord, SelectionRow
from doorstep.screening.scoring import case_type

#: The rule name of a customer an analyst added by hand (stored with the selection).
MANUAL_RULE = N_("Added by hand")

MIN_REASON = 4
SLA_DAYS = 30


@dataclass(frozen=True)
class EditSelection:
    run_id: int
    customer_id: int
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True)
class RunView:
    """A run and its list (filtered), for pages and the API."""

    run: RunRecord
    rows: list[SelectionRow]


def view_run(uow: UnitOfWork, principal: Principal, run_id: int, group: str | None = None,
             business_line: str | None = None) -> RunView:
    """A run and its ranked list, optionally filtered by group and business line."""
    require(principal, Permission.SCREENING_READ)
    return RunView(uow.screening.run(run_id),
                   uow.screening.selections(run_id, group or None, business_line or None))


def list_runs(uow: UnitOfWork, principal: Principal) -> list[RunRecord]:
    """The latest runs, newest first."""
    require(principal, Permission.SCREENING_READ)
    return [uow.screening.run(i) for i in uow.screening.run_ids()]


def _draft(uow: UnitOfWork, cmd: EditSelection) -> RunRecord:
    run: RunRecord = uow.screening.run(cmd.run_id)
    if run.status != "draft":
        raise Conflict(N_("Screening run %(run)s is %(status)s: an approved list cannot be "
                          "changed"),
                       run=run.id, status=run.status)
    if len(cmd.reason.strip()) < MIN_REASON:
        raise ValidationFailed(N_("Give a reason (at least %(n)s characters)"), n=MIN_REASON)
    uow.screening.touch_run(run.id, cmd.expected_version or run.version)
    return run


def _audit_edit(uow: UnitOfWork, principal: Principal, cmd: EditSelection, action: str) -> None:
    uow.audit(AuditEntry(principal.actor, f"screening.{action}", "screening_run",
                         str(cmd.run_id), None,
                         {"customer_id": cmd.customer_id, "reason": cmd.reason.strip()},
                         uow.clock.now()))


def add_customer(uow: UnitOfWork, principal: Principal, cmd: EditSelection) -> None:
    """Put a customer on the list by hand, with a reason (not into or out of the holdout)."""
    require(principal, Permission.SCREENING_RUN)
    run = _draft(uow, cmd)
    refuse_if_locked(uow, cmd.customer_id)  # held out by an earlier run (issue 17)
    row = uow.screening.selection(cmd.run_id, cmd.customer_id)
    edit = {"outcome_group": "selected", "manual_reason": cmd.reason.strip(),
            "manual_by": principal.username}
    if row is None:
        uow.screening.customer_branch(cmd.customer_id)
        line = uow.screening.plan(run.plan_id).business_lines[0]
        uow.screening.add_selections(cmd.run_id, [SelectionRow(
            customer_id=cmd.customer_id, account_id=None, business_line=line,
            case_type=case_type(line, 0), arm="manual", outcome_group="selected", rank=None,
            risk=0.0, uplift=None, expected_benefit=0.0, amount_at_stake=0.0,
            matched_rules=(MANUAL_RULE,), reason_codes=(), manual_reason=edit["manual_reason"],
            manual_by=principal.username)])
    elif row.outcome_group == "holdout":
        raise Conflict(N_("A customer of the holdout group is never visited"))
    else:
        assert row.id is not None  # a stored selection
        uow.screening.update_selection(row.id, **edit)
    _audit_edit(uow, principal, cmd, "add")


def remove_customer(uow: UnitOfWork, principal: Principal, cmd: EditSelection) -> None:
    """Take a customer off the list by hand, with a reason."""
    require(principal, Permission.SCREENING_RUN)
    _draft(uow, cmd)
    row = uow.screening.selection(cmd.run_id, cmd.customer_id)
    if row is None or row.outcome_group != "selected":
        raise ValidationFailed(N_("Customer %(customer)s is not on the list to visit"),
                               customer=cmd.customer_id)
    assert row.id is not None  # a stored selection
    uow.screening.update_selection(row.id, outcome_group="removed",
                                   manual_reason=cmd.reason.strip(), manual_by=principal.username)
    _audit_edit(uow, principal, cmd, "remove")


#: Between the reasons of a case's summary: the bank's records are kept in Chinese.
_SEPARATOR = translate_in(DEFAULT_LANGUAGE, N_("; "))


def _case_for(row: SelectionRow, branch_id: int, plan_id: int, now: object) -> Case:
    amount = Decimal(str(row.amount_at_stake)).quantize(Decimal("0.01"))
    at = now.replace(tzinfo=None)  # type: ignore[attr-defined]
    return Case(id=None, customer_id=row.customer_id, branch_id=branch_id,
                case_type=CaseType(row.case_type), business_line=BusinessLine(row.business_line),
                state=CaseState.APPROVED, priority=3, overdue_amount=Decimal("0"),
                amount_at_stake=amount, plan_id=plan_id, opened_at=at,
                sla_due=at + timedelta(days=SLA_DAYS),
                summary=_SEPARATOR.join(r["text"] for r in row.reason_codes)
                or _SEPARATOR.join(row.matched_rules))


def approve_run(uow: UnitOfWork, principal: Principal, run_id: int,
                expected_version: int | None = None, authority: Authority | None = None,
                reason: str = N_("List reviewed and approved")) -> list[int]:
    """Approve a run: every ``selected`` entry becomes a case in ``approved`` (one transaction).

    Parameters
    ----------
    uow : UnitOfWork
    principal : Principal
        Needs ``screening.approve`` and an authority limit for screening lists; must not be
        the analyst who ran the list.
    run_id : int
    expected_version : int, optional
        The run version the approver looked at; a changed list is refused.
    authority : Authority, optional
        The authority limits (default: the shipped policy).
    reason : str
        The approver's reason, audited.

    Returns
    -------
    list of int
        The new case ids. Holdout, excluded and removed entries never become cases.
    """
    require(principal, Permission.SCREENING_APPROVE)
    run: RunRecord = uow.screening.run(run_id)
    if run.status != "draft":
        raise Conflict(N_("Screening run %(run)s is already %(status)s"), run=run_id,
                       status=run.status)
    case_ids: list[int] = []

    def approved(inner: UnitOfWork, decider: Principal, request: Request) -> None:
        case_ids.extend(_open_cases(inner, decider, run, expected_version or run.version))

    selected = len(uow.screening.selections(run_id, "selected"))
    approvals.decide_on_subject(uow, principal, approvals.NewRequest(
        kind=Kind.SCREENING_RUN, subject_type="screening_run", subject_id=run_id,
        branch_id=None, summary=_("Screening list #%(run)s: %(n)s customers selected", run=run_id,
                                     n=selected),
        reason=_("Screening list #%(run)s sent for approval", run=run_id)), run.started_by, True,
        _(reason),
        authority or default_authority(), approved)
    return case_ids


def _open_cases(uow: UnitOfWork, principal: Principal, run: RunRecord,
                version: int) -> list[int]:
    now = uow.clock.now()
    uow.screening.mark_approved(run.id, version, principal.username, now)
    case_ids = []
    for row in uow.screening.selections(run.id, "selected"):
        branch_id = uow.screening.customer_branch(row.customer_id)
        case_id = uow.cases.add(_case_for(row, branch_id, run.plan_id, now),
                                uow.cases.next_case_no(now), now)
        assert row.id is not None  # a stored selection
        uow.screening.update_selection(row.id, case_id=case_id)
        uow.audit(AuditEntry(principal.actor, "case.open_from_screening", "case", str(case_id),
                             None, {"state": CaseState.APPROVED.value, "version": 1,
                                    "run_id": run.id, "arm": row.arm}, now))
        case_ids.append(case_id)
    uow.audit(AuditEntry(principal.actor, "screening.approve", "screening_run", str(run.id),
                         {"status": "draft"}, {"status": "approved", "cases": len(case_ids)},
                         now))
    return case_ids
