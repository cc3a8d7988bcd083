"""Case entities and values: plain dataclasses and enums, free of I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class BusinessLine(StrEnum):
    LOAN = "loan"
    CREDIT_CARD = "credit_card"
    DEPOSIT = "deposit"
    WEALTH = "wealth"
    INSURANCE = "insurance"


class CaseType(StrEnum):
    LOAN_DISPUTE = "loan_dispute"
    ACCOUNT_PROBLEM = "account_problem"
    OVERDUE_DEBT = "overdue_debt"
    SERVICE_COMPLAINT = "service_complaint"
    WEALTH_DISPUTE = "wealth_dispute"
    INSURANCE_DISPUTE = "insurance_dispute"


class CaseState(StrEnum):
    SCREENED = "screened"
    APPROVED = "approved"
    ASSIGNED = "assigned"
    SCHEDULED = "scheduled"
    VISITED = "visited"
    RESOLVED = "resolved"
    MONITORING = "monitoring"
    FOLLOW_UP = "follow_up"
    ESCALATED = "escalated"
    MEDIATION = "mediation"
    LITIGATION = "litigation"
    CLOSED_UNREACHABLE = "closed_unreachable"


TERMINAL_STATES = frozenset(
    {CaseState.RESOLVED, CaseState.LITIGATION, CaseState.CLOSED_UNREACHABLE}
)
OPEN_STATES = frozenset(s for s in CaseState if s not in TERMINAL_STATES)
#: Cases with an outcome (the resolution rate's denominator): resolved, gone the legal way
#: or closed unreachable.
DECIDED_STATES: tuple[CaseState, ...] = (
    CaseState.RESOLVED, CaseState.LITIGATION, CaseState.CLOSED_UNREACHABLE,
    CaseState.ESCALATED, CaseState.MEDIATION)
#: Cases that left the field for the legal path (escalation and litigation rates).
ESCALATED_STATES: tuple[CaseState, ...] = (
    CaseState.ESCALATED, CaseState.MEDIATION, CaseState.LITIGATION)
#: Every business line the bank has, in one order (plans, screening features, forms).
BUSINESS_LINES: tuple[str, ...] = tuple(b.value for b in BusinessLine)

STATE_LABELS: dict[CaseState, tuple[str, str]] = {
    CaseState.SCREENED: ("已筛选", "Screened"),
    CaseState.APPROVED: ("已审批", "Approved"),
    CaseState.ASSIGNED: ("已分派", "Assigned"),
    CaseState.SCHEDULED: ("已预约", "Scheduled"),
    CaseState.VISITED: ("已上门", "Visited"),
    CaseState.RESOLVED: ("已解决", "Resolved"),
    CaseState.MONITORING: ("履约跟踪", "Monitoring"),
    CaseState.FOLLOW_UP: ("待再访", "Follow-up"),
    CaseState.ESCALATED: ("已升级", "Escalated"),
    CaseState.MEDIATION: ("诉前调解", "Mediation"),
    CaseState.LITIGATION: ("诉讼", "Litigation"),
    CaseState.CLOSED_UNREACHABLE: ("无法联系结案", "Closed, unreachable"),
}

BUSINESS_LINE_LABELS: dict[BusinessLine, tuple[str, str]] = {
    BusinessLine.LOAN: ("贷款", "Loan"),
    BusinessLine.CREDIT_CARD: ("信用卡", "Credit card"),
    BusinessLine.DEPOSIT: ("存款账户", "Deposit account"),
    BusinessLine.WEALTH: ("理财", "Wealth management"),
    BusinessLine.INSURANCE: ("保险", "Insurance"),
}

CASE_TYPE_LABELS: dict[CaseType, tuple[str, str]] = {
    CaseType.LOAN_DISPUTE: ("贷款纠纷", "Loan dispute"),
    CaseType.ACCOUNT_PROBLEM: ("账户问题", "Account problem"),
    CaseType.OVERDUE_DEBT: ("逾期欠款", "Overdue debt"),
    CaseType.SERVICE_COMPLAINT: ("服务投诉", "Service complaint"),
    CaseType.WEALTH_DISPUTE: ("理财纠纷", "Wealth-management dispute"),
    CaseType.INSURANCE_DISPUTE: ("保险纠纷", "Insurance dispute"),
}


@dataclass(eq=False)
class Case:
    """One matter to settle with one customer; ``version`` guards against lost updates."""

    id: int | None
    customer_id: int
    branch_id: int
    case_type: CaseType
    business_line: BusinessLine
    state: CaseState = CaseState.SCREENED
    priority: int = 3
    overdue_amount: Decimal = Decimal("0")
    amount_at_stake: Decimal = Decimal("0")
    owner_team_id: int | None = None
    plan_id: int | None = None
    sla_due: datetime | None = None
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    failed_attempts: int = 0
    summary: str = ""
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
