"""What a visit sends for approval (maker-checker): a compliance override its case commands
wait for, and a fee waiver its agreement waits for. Requests only; no commit here."""

from __future__ import annotations

from decimal import Decimal

from doorstep.approvals import service as approvals
from doorstep.approvals.model import Kind
from doorstep.cases.compliance import Breach
from doorstep.cases.lifecycle import Command
from doorstep.cases.model import Case
from doorstep.core.access import Principal
from doorstep.core.uow import UnitOfWork
from doorstep.visits.records.model import VisitSubmission
from doorstep.visits.wording import text


def request_override(uow: UnitOfWork, principal: Principal, case: Case, visit_id: int,
                     sub: VisitSubmission, commands: tuple[Command, ...],
                     needed: list[Breach]) -> int:
    """The visit is stored as submitted; its case commands wait for this request."""
    assert case.id is not None and sub.override is not None
    approval_id = approvals.request(uow, principal, approvals.NewRequest(
        kind=Kind.COMPLIANCE_OVERRIDE, subject_type="visit", subject_id=visit_id,
        branch_id=case.branch_id, reason=sub.override.reason,
        summary=text("approval", "visit_summary", visit_id=visit_id, case_id=case.id,
                     details=text("approval", "detail_separator").join(b.detail for b in needed)),
        payload={"action": "visit", "case_id": case.id, "visit_id": visit_id,
                 "version": case.version, "key": sub.idempotency_key,
                 "commands": [c.value for c in commands],
                 "breaches": [{"rule": b.rule, "detail": b.detail} for b in needed]}))
    uow.visits.set_approval(visit_id, approval_id)
    return approval_id


def request_fee_waiver(uow: UnitOfWork, principal: Principal, case: Case, agreement_id: int,
                       amount: Decimal, findings: str) -> int:
    """The agreement waits in ``pending_approval`` until the waiver is approved."""
    assert case.id is not None
    reason = findings.strip() if len(findings.strip()) >= 4 else text("approval", "waiver_reason")
    return approvals.request(uow, principal, approvals.NewRequest(
        kind=Kind.FEE_WAIVER, subject_type="agreement", subject_id=agreement_id,
        branch_id=case.branch_id, amount=amount, reason=reason[:500],
        summary=text("approval", "waiver_summary", agreement_id=agreement_id, case_id=case.id,
                     amount=f"{amount:,.2f}"),
        payload={"case_id": case.id, "agreement_id": agreement_id}))
