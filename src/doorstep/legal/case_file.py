"""The case file for the mediation platform or the court (DESIGN §10), assembled from the
facts the service gathered. Pure: data in, the document's content out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from doorstep.contacts.collection import EffectiveCollection
from doorstep.core.i18n import _
from doorstep.legal.interest import DEFAULT_ANNUAL_RATE, InterestTable, interest_table
from doorstep.legal.mediation import ConfirmationDeadline, confirmation_deadline
from doorstep.legal.model import Mediation


@dataclass(frozen=True)
class Party:
    """The customer as the court needs them: full name and national id in clear."""

    customer_no: str
    name: str
    national_id: str
    phone: str
    address: str


@dataclass(frozen=True)
class AccountRef:
    account_no: str
    product: str
    business_line: str
    opened_on: date
    balance: Decimal
    overdue_amount: Decimal
    days_past_due: int
    status: str


@dataclass(frozen=True)
class RepaymentRow:
    account_no: str
    month: date
    amount_due: Decimal
    amount_paid: Decimal
    days_past_due: int
    promise_broken: bool


@dataclass(frozen=True)
class ContactRow:
    at: datetime
    channel: str
    outcome: str
    confirmed: bool
    party: str = "debtor"
    proof: str = "none"


@dataclass(frozen=True)
class EvidenceRef:
    id: int
    visit_id: int | None
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str

    @property
    def archive_name(self) -> str:
        """A unique name inside the ZIP: evidence/<id>_<filename>."""
        return f"evidence/{self.id:06d}_{self.filename}"


@dataclass(frozen=True)
class VisitRow:
    id: int
    check_in_at: datetime | None
    check_out_at: datetime | None
    team_name: str
    staff_present: str
    findings: str
    customer_account: str
    outcome: str
    consent_to_enter: bool | None
    evidence: tuple[EvidenceRef, ...] = ()


@dataclass(frozen=True)
class AgreementRow:
    kind: str
    total_amount: Decimal
    fee_waiver_amount: Decimal
    state: str
    created_at: datetime
    instalments: tuple[tuple[date, Decimal, str], ...] = ()


@dataclass(frozen=True)
class CaseFacts:
    """Everything the store knows about one case, as the export needs it."""

    case_id: int
    case_no: str
    case_type: str
    business_line: str
    state: str
    summary: str
    overdue_amount: Decimal
    amount_at_stake: Decimal
    opened_at: datetime
    branch_name: str
    bank_name: str
    party: Party
    accounts: tuple[AccountRef, ...] = ()
    repayments: tuple[RepaymentRow, ...] = ()
    contacts: tuple[ContactRow, ...] = ()
    visits: tuple[VisitRow, ...] = ()
    agreements: tuple[AgreementRow, ...] = ()
    complaints: tuple[str, ...] = ()
    mediation: Mediation | None = None
    other_evidence: tuple[EvidenceRef, ...] = ()


@dataclass(frozen=True)
class CaseFile:
    facts: CaseFacts
    dispute_summary: str
    interest: InterestTable
    evidence: tuple[EvidenceRef, ...]
    prepared_at: datetime
    prepared_by: str
    confirmation: ConfirmationDeadline | None = None
    notes: tuple[str, ...] = field(default=())
    #: Effective collection computed from the contact log (``None`` when not computed).
    collection: EffectiveCollection | None = None


def dispute_summary(facts: CaseFacts) -> str:
    """The matter in a few sentences: the case summary, the complaints, the customer's account."""
    parts = [facts.summary.strip()] if facts.summary.strip() else []
    parts += [_("Customer complaint: %(text)s", text=c.strip()) for c in facts.complaints[:3]
              if c.strip()]
    accounts = [v.customer_account.strip() for v in facts.visits if v.customer_account.strip()]
    if accounts:
        parts.append(_("Customer's account: %(text)s", text=accounts[-1]))
    return "\n".join(parts) or _("(no summary of the dispute)")


def all_evidence(facts: CaseFacts) -> tuple[EvidenceRef, ...]:
    """Every evidence file of the case, visit files first, each once."""
    seen: dict[int, EvidenceRef] = {}
    for v in facts.visits:
        for e in v.evidence:
            seen.setdefault(e.id, e)
    for e in facts.other_evidence:
        seen.setdefault(e.id, e)
    return tuple(seen.values())


def build_case_file(facts: CaseFacts, prepared_by: str, at: datetime, today: date,
                    annual_rate: Decimal = DEFAULT_ANNUAL_RATE) -> CaseFile:
    """The document's content: parties, summary, interest on each overdue account, evidence."""
    items = [(_("%(product)s (%(account)s)", product=a.product, account=a.account_no),
              a.overdue_amount, a.days_past_due)
             for a in facts.accounts]
    if not any(a.overdue_amount > 0 for a in facts.accounts) and facts.overdue_amount > 0:
        items = [(_("Case %(no)s", no=facts.case_no), facts.overdue_amount, 0)]
    agreement = facts.mediation.agreement if facts.mediation else None
    confirmation = confirmation_deadline(agreement.signed_on, today) if agreement else None
    return CaseFile(facts, dispute_summary(facts), interest_table(items, annual_rate),
                    all_evidence(facts), at, prepared_by, confirmation)
