"""Case entities and values: plain dataclasses and enums, free of I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from doorstep.core.i18n import N_, NP_, Label


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

STATE_LABELS: dict[CaseState, Label] = {
    CaseState.SCREENED: N_("Screened"),
    CaseState.APPROVED: NP_("case state", "Approved"),
    CaseState.ASSIGNED: N_("Assigned"),
    CaseState.SCHEDULED: N_("Scheduled"),
    CaseState.VISITED: N_("Visited"),
    CaseState.RESOLVED: N_("Resolved"),
    CaseState.MONITORING: N_("Monitoring"),
    CaseState.FOLLOW_UP: N_("Follow-up"),
    CaseState.ESCALATED: N_("Escalated"),
    CaseState.MEDIATION: N_("Mediation"),
    CaseState.LITIGATION: N_("Litigation"),
    CaseState.CLOSED_UNREACHABLE: N_("Closed, unreachable"),
}

BUSINESS_LINE_LABELS: dict[BusinessLine, str] = {
    BusinessLine.LOAN: N_("Loan"),
    BusinessLine.CREDIT_CARD: N_("Credit card"),
    BusinessLine.DEPOSIT: N_("Deposit account"),
    BusinessLine.WEALTH: N_("Wealth management"),
    BusinessLine.INSURANCE: N_("Insurance"),
}

CASE_TYPE_LABELS: dict[CaseType, str] = {
    CaseType.LOAN_DISPUTE: N_("Loan dispute"),
    CaseType.ACCOUNT_PROBLEM: N_("Account problem"),
    CaseType.OVERDUE_DEBT: N_("Overdue debt"),
    CaseType.SERVICE_COMPLAINT: N_("Service complaint"),
    CaseType.WEALTH_DISPUTE: N_("Wealth-management dispute"),
    CaseType.INSURANCE_DISPUTE: N_("Insurance dispute"),
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
