"""Approvals (maker-checker): request kinds and states, authority limits per role and amount
(from the policy TOML), and the decision rule. Pure: no I/O.

A request made by one person is decided by another logged-in person who holds the kind's
permission and whose authority limit covers the amount; the maker never decides their own.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from doorstep.core.access import Permission, Principal, Role
from doorstep.core.errors import (
    ConfigurationError,
    Conflict,
    DoorstepError,
    NotFound,
    PermissionDenied,
)
from doorstep.core.i18n import N_, Msg, codes

codes({
    "approval.own_request": N_(
        "You cannot decide your own request (no. %(id)s, made by %(maker)s); another "
        "authorised person must decide it"),
    "approval.above_limit": N_(
        "Above your authority limit: the %(kind)s request is for %(amount)s; the limit of "
        "role '%(role)s' is %(limit)s"),
    "approval.no_authority": N_("Role '%(role)s' may not decide %(kind)s requests"),
    "approval.not_pending": N_("Request no. %(id)s was already dealt with; it is '%(state)s'"),
    "approval.reason_required": N_("Give a reason (at least %(min)s characters)"),
    "approval.pending": N_(
        "Sent for approval (no. %(id)s); it takes effect once an authorised person approves it"),
})


class Kind(StrEnum):
    COMPLIANCE_OVERRIDE = "compliance_override"
    FEE_WAIVER = "fee_waiver"
    SCREENING_RUN = "screening_run"
    MODEL_PROMOTION = "model_promotion"
    CASEBOOK_PUBLISH = "casebook_publish"
    DO_NOT_VISIT = "do_not_visit"


class State(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


KIND_LABELS: dict[Kind, str] = {
    Kind.COMPLIANCE_OVERRIDE: N_("compliance override"),
    Kind.FEE_WAIVER: N_("fee waiver"),
    Kind.SCREENING_RUN: N_("screening list"),
    Kind.MODEL_PROMOTION: N_("model promotion"),
    Kind.CASEBOOK_PUBLISH: N_("case-study publication"),
    Kind.DO_NOT_VISIT: N_("do-not-visit flag"),
}
STATE_LABELS: dict[State, str] = {
    State.PENDING: N_("pending"),
    State.APPROVED: N_("approved"),
    State.REFUSED: N_("refused"),
    State.WITHDRAWN: N_("withdrawn"),
}
KIND_PERMISSION: dict[Kind, Permission] = {
    Kind.COMPLIANCE_OVERRIDE: Permission.COMPLIANCE_OVERRIDE,
    Kind.FEE_WAIVER: Permission.AGREEMENT_APPROVE,
    Kind.SCREENING_RUN: Permission.SCREENING_APPROVE,
    Kind.MODEL_PROMOTION: Permission.MODEL_PROMOTE,
    Kind.CASEBOOK_PUBLISH: Permission.CASEBOOK_PUBLISH,
    Kind.DO_NOT_VISIT: Permission.COMPLIANCE_OVERRIDE,
}
MIN_REASON = 4


class OwnRequest(DoorstepError):
    code = "approval.own_request"
    http_status = 403


class AboveLimit(DoorstepError):
    code = "approval.above_limit"
    http_status = 403


class NoAuthority(DoorstepError):
    code = "approval.no_authority"
    http_status = 403


class NotPending(Conflict):
    code = "approval.not_pending"


class ReasonRequired(DoorstepError):
    code = "approval.reason_required"
    http_status = 422


def require_reason(reason: str) -> str:
    """The reason, stripped; refused when shorter than :data:`MIN_REASON`."""
    if len(reason.strip()) < MIN_REASON:
        raise ReasonRequired(min=MIN_REASON)
    return reason.strip()


UNLIMITED = Decimal("Infinity")


@dataclass(frozen=True)
class Authority:
    """Authority limits: the highest amount each role may approve per kind; absent = may not
    decide."""

    limits: dict[tuple[Role, Kind], Decimal] = field(default_factory=dict)

    def limit(self, role: Role, kind: Kind) -> Decimal | None:
        return self.limits.get((role, kind))

    @classmethod
    def from_toml(cls, path: Path) -> Authority:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigurationError(f"cannot read policy {path}: {exc}") from exc
        if "approvals" not in raw:  # an older policy file: the shipped limits apply
            return default_authority()
        return cls.from_dict(raw["approvals"])

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Authority:
        """``{role: {kind: amount | "unlimited"}}``; a mistake names the key."""
        limits: dict[tuple[Role, Kind], Decimal] = {}
        for role_name, kinds in raw.items():
            try:
                role = Role(role_name)
            except ValueError as exc:
                raise ConfigurationError(f"approvals.{role_name}: unknown role") from exc
            if not isinstance(kinds, dict):
                raise ConfigurationError(f"approvals.{role_name} must be a table")
            for kind_name, value in kinds.items():
                where = f"approvals.{role_name}.{kind_name}"
                try:
                    kind = Kind(kind_name)
                except ValueError as exc:
                    raise ConfigurationError(f"{where}: unknown request kind") from exc
                limits[(role, kind)] = _amount(value, where)
        return cls(limits)


@lru_cache(maxsize=1)
def default_authority() -> Authority:
    """The limits of the policy shipped with Doorstep (``cases/policy.toml``)."""
    from doorstep.cases.compliance import DEFAULT_POLICY

    return Authority.from_toml(DEFAULT_POLICY)


def _amount(value: object, where: str) -> Decimal:
    if value == "unlimited":
        return UNLIMITED
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ConfigurationError(f"{where}: '{value}' is not an amount") from exc
    if isinstance(value, bool) or not amount.is_finite() or amount < 0:
        raise ConfigurationError(f"{where}: '{value}' is not an amount")
    return amount


@dataclass(frozen=True)
class Request:
    id: int
    kind: Kind
    subject_type: str
    subject_id: int
    branch_id: int | None
    amount: Decimal
    summary: str
    payload: dict[str, Any]
    state: State
    requested_by: str
    requested_at: datetime
    request_reason: str
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    version: int = 1


def may_decide(request: Request, who: Principal, authority: Authority) -> bool:
    """Whether ``who`` could decide ``request`` (used to fill the approver's queue)."""
    try:
        check_decision(request, who, authority)
    except DoorstepError:
        return False
    return True


def check_decision(request: Request, who: Principal, authority: Authority) -> None:
    """Raise unless ``who`` may decide ``request`` now: in scope, pending, not the maker,
    holding the kind's permission, and with an authority limit covering the amount."""
    if request.branch_id is not None and not who.sees_branch(request.branch_id):
        raise NotFound(entity=Msg(N_("Approval request")), id=request.id)
    if request.state != State.PENDING:
        raise NotPending(id=request.id, state=Msg(STATE_LABELS[request.state]))
    makers = [request.requested_by, *request.payload.get("made_by", [])]
    if who.username in makers:
        raise OwnRequest(id=request.id, maker=list(dict.fromkeys(makers)))
    kind = Msg(KIND_LABELS[request.kind])
    if not who.can(KIND_PERMISSION[request.kind]):
        raise PermissionDenied(permission=KIND_PERMISSION[request.kind].value)
    limit = authority.limit(who.role, request.kind)
    if limit is None:
        raise NoAuthority(role=who.role.value, kind=kind)
    if request.amount > limit:
        raise AboveLimit(kind=kind, amount=f"{request.amount:,.2f}", role=who.role.value,
                         limit=f"{limit:,.2f}")
