"""The maker-checker rule and the authority limits (授权额度), as pure functions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from doorstep.approvals.model import (
    UNLIMITED,
    AboveLimit,
    Authority,
    Kind,
    NoAuthority,
    NotPending,
    OwnRequest,
    Request,
    State,
    check_decision,
    default_authority,
    may_decide,
)
from doorstep.core.access import Principal, Role
from doorstep.core.errors import ConfigurationError, NotFound, PermissionDenied

AT = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
WAIVER = Request(id=7, kind=Kind.FEE_WAIVER, subject_type="agreement", subject_id=3,
                 branch_id=1, amount=Decimal("20000"), summary="减免", payload={},
                 state=State.PENDING, requested_by="field1", requested_at=AT,
                 request_reason="客户家庭变故")


def who(name: str, role: Role, branch: int | None = None) -> Principal:
    return Principal(user_id=1, username=name, role=role, branch_id=branch)


def test_the_maker_never_decides_their_own_request() -> None:
    """Even a role that may decide the kind is refused on its own request."""
    own = replace(WAIVER, requested_by="manager")
    with pytest.raises(OwnRequest):
        check_decision(own, who("manager", Role.PROGRAMME_MANAGER), default_authority())
    listed = replace(WAIVER, kind=Kind.SCREENING_RUN, payload={"made_by": ["analyst"]})
    with pytest.raises(OwnRequest):
        check_decision(listed, who("analyst", Role.ANALYST), default_authority())


def test_permission_then_limit_then_amount() -> None:
    """No permission → 403; permission without a limit → no authority; above it → refused."""
    with pytest.raises(PermissionDenied):
        check_decision(WAIVER, who("legal", Role.LEGAL_OFFICER), default_authority())
    none = Authority({})
    with pytest.raises(NoAuthority):
        check_decision(WAIVER, who("manager", Role.PROGRAMME_MANAGER), none)
    big = replace(WAIVER, amount=Decimal("50000.01"))
    with pytest.raises(AboveLimit) as refused:
        check_decision(big, who("manager", Role.PROGRAMME_MANAGER), default_authority())
    assert refused.value.params["limit"] == "50,000.00"
    check_decision(replace(WAIVER, amount=Decimal("50000")), who("manager",
                   Role.PROGRAMME_MANAGER), default_authority())


def test_decided_or_out_of_scope_requests_are_refused() -> None:
    """A decided request cannot be decided again; another branch's is 'not found'."""
    manager = who("manager", Role.PROGRAMME_MANAGER)
    with pytest.raises(NotPending):
        check_decision(replace(WAIVER, state=State.APPROVED), manager, default_authority())
    with pytest.raises(NotFound):
        check_decision(WAIVER, who("m2", Role.PROGRAMME_MANAGER, branch=2),
                       default_authority())
    assert may_decide(WAIVER, manager, default_authority())
    assert not may_decide(WAIVER, who("field1", Role.FIELD_STAFF), default_authority())


def test_authority_toml_is_validated() -> None:
    """Unknown roles or kinds and non-amounts are configuration errors naming the key."""
    assert Authority.from_dict({"programme_manager": {"fee_waiver": "unlimited"}}).limit(
        Role.PROGRAMME_MANAGER, Kind.FEE_WAIVER) == UNLIMITED
    for bad, key in (({"boss": {}}, "approvals.boss"),
                     ({"analyst": {"lunch": 1}}, "approvals.analyst.lunch"),
                     ({"analyst": {"fee_waiver": -5}}, "approvals.analyst.fee_waiver"),
                     ({"analyst": {"fee_waiver": True}}, "approvals.analyst.fee_waiver")):
        with pytest.raises(ConfigurationError, match=key):
            Authority.from_dict(bad)


def test_a_policy_file_without_limits_gets_the_shipped_ones(tmp_path: object) -> None:
    """An older policy TOML (no [approvals] section) keeps the shipped authority limits."""
    from pathlib import Path

    old = Path(str(tmp_path)) / "old.toml"
    old.write_text('[quiet_hours]\nstart = "22:00"\nend = "08:00"\n', encoding="utf-8")
    assert Authority.from_toml(old) == default_authority()
