"""Read models for case lists and details: what the screens and the API show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal

from doorstep.cases.model import BusinessLine, CaseState, CaseType

SortKey = Literal["sla_due", "-sla_due", "priority", "-amount", "-opened_at", "id"]
COUNT_CAP = 10_000


@dataclass(frozen=True)
class CaseQuery:
    """Filters of the case list; ``branch_id`` is narrowed further by the user's scope."""

    states: tuple[CaseState, ...] = ()
    branch_id: int | None = None
    business_line: BusinessLine | None = None
    case_type: CaseType | None = None
    plan_id: int | None = None
    team_id: int | None = None
    priority: int | None = None
    overdue_only: bool = False
    text: str = ""
    sort: SortKey = "sla_due"
    page: int = 1
    page_size: int = 50


@dataclass(frozen=True)
class CaseListItem:
    id: int
    case_no: str
    customer_id: int
    customer_name: str
    branch_id: int
    branch_name: str
    case_type: CaseType
    business_line: BusinessLine
    state: CaseState
    priority: int
    overdue_amount: Decimal
    amount_at_stake: Decimal
    owner_team_id: int | None
    sla_due: datetime | None
    opened_at: datetime
    version: int


@dataclass(frozen=True)
class CasePage:
    items: list[CaseListItem]
    total: int
    total_is_capped: bool
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class AuditLine:
    seq: int
    at: datetime
    actor: str
    action: str
    before: dict[str, object] | None
    after: dict[str, object] | None


@dataclass(frozen=True)
class CaseDetail:
    item: CaseListItem
    summary: str
    failed_attempts: int
    closed_at: datetime | None
    team_name: str | None
    plan_name: str | None
    history: list[AuditLine] = field(default_factory=list)


@dataclass(frozen=True)
class Today:
    """The start page's figures for one user's scope."""

    counts: list[tuple[CaseState, int]]
    open_total: int
    overdue_total: int
    overdue: list[CaseListItem]
    due_today: list[CaseListItem]
