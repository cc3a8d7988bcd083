"""Mediation clock, extension, judicial-confirmation deadline and failure-reason rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from doorstep.legal import mediation as m
from doorstep.legal.model import (
    FailureReason,
    LegalInvalid,
    Mediation,
    MediationState,
    WhyFailed,
)
from doorstep.legal.review import days_between, why_failed

START = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def make(state: MediationState = MediationState.OPEN, days: int = 30) -> Mediation:
    return Mediation(1, 7, state, START, m.due_at(START, days), "legal")


def test_mediation_runs_thirty_days() -> None:
    """A mediation is due 30 days after it starts, with the days left counted down."""
    c = m.clock(make(), START + timedelta(days=10))
    assert c.due_at == START + timedelta(days=30) and c.days_left == 20
    assert not c.overdue and not c.near


def test_mediation_past_its_due_date_is_overdue() -> None:
    """An open mediation past its due time is flagged overdue, with negative days left."""
    c = m.clock(make(), START + timedelta(days=31, hours=1))
    assert c.overdue and c.days_left == -2


def test_mediation_near_its_end_is_flagged_near() -> None:
    """Fewer than seven days left flags the clock as near its end."""
    assert m.clock(make(), START + timedelta(days=25)).near


def test_ended_mediation_is_never_overdue() -> None:
    """A mediation that ended (agreed or failed) has no running clock to be late on."""
    assert not m.clock(make(MediationState.AGREED), START + timedelta(days=90)).overdue


def test_extension_moves_the_due_date() -> None:
    """An extension with a reason moves the due date by the given days."""
    assert m.extended_due(make(), 15, "客户申请补充材料") == START + timedelta(days=45)


@pytest.mark.parametrize("days,reason", [(15, ""), (15, "  "), (0, "客户申请补充材料"),
                                         (31, "客户申请补充材料")])
def test_extension_needs_a_reason_and_sane_days(days: int, reason: str) -> None:
    """An extension without a reason, or of 0 or more than 30 days, is refused (422)."""
    with pytest.raises(LegalInvalid) as err:
        m.extended_due(make(), days, reason)
    assert err.value.http_status == 422


def test_closed_mediation_cannot_be_extended() -> None:
    """Only an open mediation can be extended."""
    with pytest.raises(LegalInvalid):
        m.extended_due(make(MediationState.FAILED), 10, "客户申请补充材料")


def test_judicial_confirmation_within_thirty_days_of_signing() -> None:
    """Judicial confirmation is due 30 days after signing; flagged near in the last week and
    late after."""
    signed = date(2026, 10, 1)
    ok = m.confirmation_deadline(signed, date(2026, 10, 5))
    assert ok.deadline == date(2026, 10, 31) and ok.status == "ok" and ok.days_left == 26
    assert m.confirmation_deadline(signed, date(2026, 10, 26)).status == "near"
    assert m.confirmation_deadline(signed, date(2026, 11, 1)).status == "late"


def test_agreement_checks() -> None:
    """An imported agreement needs terms, an amount above zero and a signing date not in the
    future."""
    today = date(2026, 11, 2)
    m.check_agreement("分 6 期归还本金", Decimal("6000"), 6, today, today)
    for args in [("", Decimal("6000"), 6, today), ("分期归还本金", Decimal("0"), 6, today),
                 ("分期归还本金", Decimal("6000"), 0, today),
                 ("分期归还本金", Decimal("6000"), 6, today + timedelta(days=1))]:
        with pytest.raises(LegalInvalid):
            m.check_agreement(*args, today)


def test_failure_reason_other_needs_text() -> None:
    """The failure reason 「其他」 must be explained; the listed reasons need no text."""
    m.check_failure(FailureReason.CUSTOMER_REFUSED, "")
    with pytest.raises(LegalInvalid):
        m.check_failure(FailureReason.OTHER, "无")
    m.check_failure(FailureReason.OTHER, "客户已进入破产程序")


def test_why_failed_order() -> None:
    """A broken agreement outranks a refusal, which outranks being unreachable."""
    assert why_failed(True, "refused", 3) == WhyFailed.AGREEMENT_BROKEN
    assert why_failed(False, "refused", 3) == WhyFailed.REFUSED
    assert why_failed(False, "not_at_home", 0) == WhyFailed.UNREACHABLE
    assert why_failed(False, "escalate", 0) == WhyFailed.OTHER
    assert days_between(START, START + timedelta(days=3, hours=5)) == 3
