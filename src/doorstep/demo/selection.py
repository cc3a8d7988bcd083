"""Which customers get a case, what the case is about, how risky it is and where its story
ends. The risk score is built from what screening can see (delinquency depth and trend,
broken promises, complaint severity, regulator complaints, strong dissatisfaction) plus
hidden noise, so escalation outcomes carry a real but imperfect, learnable signal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from random import Random

from doorstep.cases.model import BusinessLine, CaseState, CaseType
from doorstep.demo.accounts import AccountInfo
from doorstep.demo.complaints import ComplaintInfo
from doorstep.demo.repayments import bucket
from doorstep.demo.sampling import logistic, pick_weighted

S = CaseState
_COMPLAINT_CASE: dict[str, CaseType] = {
    "collection_calls": CaseType.SERVICE_COMPLAINT, "fees": CaseType.SERVICE_COMPLAINT,
    "loan_terms": CaseType.LOAN_DISPUTE, "credit_report": CaseType.LOAN_DISPUTE,
    "wealth_loss": CaseType.WEALTH_DISPUTE, "insurance_claim": CaseType.INSURANCE_DISPUTE,
    "account_freeze": CaseType.ACCOUNT_PROBLEM, "service": CaseType.SERVICE_COMPLAINT,
    "privacy": CaseType.SERVICE_COMPLAINT, "inquiry": CaseType.SERVICE_COMPLAINT,
}
_BUCKET_NEED = (0.0, 0.45, 0.65, 0.75, 0.85, 0.85, 0.85, 0.85)


@dataclass(frozen=True, slots=True)
class Profile:
    """What the case generator keeps of each customer."""

    id: int
    branch_id: int
    lat: float
    lon: float
    contact_window: tuple[int, int]
    do_not_visit: bool
    regulator_since: datetime | None
    accounts: tuple[AccountInfo, ...]
    complaints: ComplaintInfo | None

    @property
    def worst(self) -> AccountInfo:
        return max(self.accounts, key=lambda a: (a.days_past_due, a.broken_promises,
                                                 a.overdue_amount))

    @property
    def broken_promises(self) -> int:
        return sum(a.broken_promises for a in self.accounts)


@dataclass(frozen=True, slots=True)
class CaseSeed:
    """A case to generate: its subject, amounts, risk and the state its story ends in."""

    profile: Profile
    account: AccountInfo
    case_type: CaseType
    line: BusinessLine
    risk: float
    priority: int
    overdue_amount: float
    amount_at_stake: float
    target: CaseState

    @property
    def is_debt(self) -> bool:
        return self.case_type == CaseType.OVERDUE_DEBT


def need(p: Profile) -> float:
    """Probability that screening selects the customer for a visit."""
    worst = p.worst
    value = 0.015 + _BUCKET_NEED[bucket(worst.days_past_due)]
    value += 0.15 if p.broken_promises else 0.0
    troubled = any(a.issue for a in p.accounts)
    value += 0.08 if troubled else 0.0
    c = p.complaints
    if c is not None:
        value += 0.08 + (0.2 if c.max_severity >= 3 else 0.0) + (0.2 if c.regulator else 0.0)
        value += 0.35 if troubled else 0.0
    return min(value, 0.95)


def _subject(rng: Random, p: Profile) -> tuple[AccountInfo, CaseType]:
    worst = p.worst
    c = p.complaints
    minor = worst.days_past_due <= 30 and c is not None and c.max_severity >= 3
    if (worst.days_past_due > 0 or worst.broken_promises) and not minor:
        return worst, CaseType.OVERDUE_DEBT
    if c is not None:
        account = next((a for a in p.accounts if a.id == c.account_id), None)
        return account or p.accounts[0], _COMPLAINT_CASE[c.category]
    issue = next((a for a in p.accounts if a.issue), None)
    if issue is not None:
        kind = {"loss": CaseType.WEALTH_DISPUTE, "frozen": CaseType.ACCOUNT_PROBLEM}.get(
            issue.issue, CaseType.INSURANCE_DISPUTE)
        return issue, kind
    return rng.choice(p.accounts), CaseType.ACCOUNT_PROBLEM


def risk_score(rng: Random, p: Profile, account: AccountInfo) -> float:
    """Propensity that a visit fails and the case escalates (0–1)."""
    c = p.complaints
    z = -3.0 + 0.6 * min(bucket(account.days_past_due), 6) + 0.4 * min(p.broken_promises, 4)
    z += 0.4 if account.pattern == "rolling" else 0.0
    if c is not None:
        z += 0.35 * max(0, c.max_severity - 2) + 0.5 * min(c.strong, 2)
        z += 1.0 if c.regulator else 0.0
    z += 0.4 if p.do_not_visit else 0.0
    return logistic(z + rng.gauss(0.0, 0.6))


def _amounts(rng: Random, account: AccountInfo, case_type: CaseType) -> tuple[float, float]:
    if case_type == CaseType.OVERDUE_DEBT:
        return account.overdue_amount, account.balance
    if case_type == CaseType.WEALTH_DISPUTE:
        return 0.0, round(account.balance * rng.uniform(0.05, 0.35), 2)
    if case_type in (CaseType.INSURANCE_DISPUTE, CaseType.ACCOUNT_PROBLEM):
        return 0.0, account.balance
    return 0.0, round(rng.uniform(50, 3000), 2)


def _priority(risk: float, stake: float, case_type: CaseType, p: Profile) -> int:
    if p.complaints is not None and p.complaints.category == "inquiry" and (
            case_type != CaseType.OVERDUE_DEBT):
        return 5
    if risk > 0.7 or stake > 1_000_000:
        return 1
    if risk > 0.45 or stake > 200_000:
        return 2
    return 3 if risk > 0.2 else 4


def target_state(rng: Random, risk: float, is_debt: bool, do_not_visit: bool) -> CaseState:
    """Where the story ends: early pipeline states regardless of risk, outcomes by risk."""
    if rng.random() < 0.27:
        if do_not_visit:
            return S.SCREENED if rng.random() < 0.5 else S.APPROVED
        return pick_weighted(rng, {S.SCREENED: 0.3, S.APPROVED: 0.22, S.ASSIGNED: 0.22,
                                   S.SCHEDULED: 0.26})
    if do_not_visit:
        return pick_weighted(rng, {S.ESCALATED: 0.3, S.MEDIATION: 0.3, S.LITIGATION: 0.4})
    weights = {
        S.VISITED: 0.05, S.RESOLVED: 0.6 * (1 - risk) + 0.03,
        S.MONITORING: 0.22 * (1 - 0.7 * risk) if is_debt else 0.0, S.FOLLOW_UP: 0.06,
        S.ESCALATED: 0.02 + 0.14 * risk, S.MEDIATION: 0.01 + 0.14 * risk,
        S.LITIGATION: (0.005 + 0.2 * risk) * (1.0 if is_debt else 0.4),
        S.CLOSED_UNREACHABLE: 0.02 + 0.1 * risk,
    }
    return pick_weighted(rng, weights)


def seed_case(rng: Random, p: Profile) -> CaseSeed:
    account, case_type = _subject(rng, p)
    risk = risk_score(rng, p, account)
    overdue, stake = _amounts(rng, account, case_type)
    is_debt = case_type == CaseType.OVERDUE_DEBT
    return CaseSeed(p, account, case_type, account.line, risk,
                    _priority(risk, stake, case_type, p), overdue, stake,
                    target_state(rng, risk, is_debt, p.do_not_visit))
