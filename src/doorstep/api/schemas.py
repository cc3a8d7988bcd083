"""API schema families per entity: ``XCreate`` in, ``XPublic`` out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from doorstep.cases.lifecycle import Command
from doorstep.cases.model import BusinessLine, CaseState, CaseType


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorPublic(BaseModel):
    error: ErrorDetail


class CasePublic(BaseModel):
    id: int
    case_no: str
    customer_id: int
    customer_name: str
    branch_id: int
    branch_name: str
    case_type: CaseType
    business_line: BusinessLine
    state: CaseState
    state_label: str
    priority: int
    overdue_amount: Decimal
    amount_at_stake: Decimal
    owner_team_id: int | None
    sla_due: datetime | None
    overdue: bool
    opened_at: datetime
    version: int


class CasePagePublic(BaseModel):
    items: list[CasePublic]
    total: int
    total_is_capped: bool
    page: int
    page_size: int


class HistoryPublic(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class CaseDetailPublic(CasePublic):
    summary: str
    failed_attempts: int
    closed_at: datetime | None
    team_name: str | None
    plan_name: str | None
    allowed_commands: list[Command]
    history: list[HistoryPublic]


class OverrideIn(Strict):
    """Ask for a compliance override with a reason; another authorised person approves it
    in the app (``/api/v1/approvals``). An ``approver`` field is refused (422)."""

    reason: str = Field(min_length=4, max_length=500)


class TransitionCreate(Strict):
    command: Command
    version: int = Field(ge=1, description="The version you read; a stale one gets 409")
    team_id: int | None = Field(default=None, ge=1)
    note: str = Field(default="", max_length=2000)
    override: OverrideIn | None = None


class CaseCreate(Strict):
    customer_id: int = Field(ge=1)
    case_type: CaseType
    business_line: BusinessLine
    priority: int = Field(default=3, ge=1, le=5)
    overdue_amount: Decimal = Field(default=Decimal("0"), ge=0, le=Decimal("1e11"),
                                    max_digits=14, decimal_places=2)
    amount_at_stake: Decimal = Field(default=Decimal("0"), ge=0, le=Decimal("1e11"),
                                     max_digits=14, decimal_places=2)
    summary: str = Field(default="", max_length=4000)
    sla_days: int = Field(default=30, ge=1, le=365)


class AccountPublic(BaseModel):
    id: int
    account_no: str
    business_line: str
    product: str
    balance: Decimal
    days_past_due: int
    overdue_amount: Decimal
    status: str


class ComplaintPublic(BaseModel):
    id: int
    channel: str
    category: str
    text: str
    severity: int
    received_at: datetime
    strong_dissatisfaction: bool | None


class CustomerPublic(BaseModel):
    id: int
    customer_no: str
    name: str
    gender: str
    birth_year: int
    national_id: str = Field(description="Masked, e.g. 440301********1234")
    phone: str = Field(description="Masked, e.g. 138****5678")
    address: str = Field(description="Masked below the district")
    district: str
    branch_id: int
    branch_name: str
    preferred_contact_times: str
    do_not_visit: bool
    under_regulator_complaint: bool
    accounts: list[AccountPublic]
    complaints: list[ComplaintPublic]


class RevealCreate(Strict):
    field: str = Field(pattern="^(national_id|phone|address)$")
    purpose: str = Field(min_length=2, max_length=200)


class RevealPublic(BaseModel):
    field: str
    value: str


class TokenCreate(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    name: str = Field(default="api", max_length=64)
    days: int = Field(default=30, ge=1, le=365)


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"


class MePublic(BaseModel):
    user_id: int
    username: str
    role: str
    branch_id: int | None
    language: str
    permissions: list[str]


class AuditEventPublic(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


class AuditVerifyPublic(BaseModel):
    ok: bool
    rows_checked: int
    broken_at: int | None
    reason: str | None
