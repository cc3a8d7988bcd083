"""The contact rules of DESIGN §5 over the contact log: quiet hours, caps, third parties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from doorstep.cases.compliance import Policy
from doorstep.contacts.model import Channel, Contact, NewContact, Outcome, Party
from doorstep.contacts.rules import (
    DailyCap,
    DisclosesDebt,
    PeriodCap,
    QuietHours,
    RelationMissing,
    ThirdPartyTooEarly,
    check_contact,
    debt_words,
    failed_in_row,
)

POLICY = Policy()
# 2026-11-02 10:00 Beijing time
AT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def _past(days: float, outcome: str = "no_answer", party: str = "debtor",
          channel: str = "phone", n: int = 1) -> Contact:
    return Contact(n, 1, channel, party, "", outcome, AT - timedelta(days=days), "none")


def _new(**kw: object) -> NewContact:
    base: dict[str, object] = dict(case_id=1, channel=Channel.CALL, party=Party.DEBTOR,
                                   outcome=Outcome.REACHED, at=AT)
    base.update(kw)
    return NewContact(**base)  # type: ignore[arg-type]


def test_a_call_at_23_is_refused_without_consent() -> None:
    """A call at 23:00 local time is refused unless the customer's consent is recorded."""
    late = AT.replace(hour=15)  # 23:00 Beijing
    with pytest.raises(QuietHours):
        check_contact(POLICY, _new(at=late), [])
    check_contact(POLICY, _new(at=late, consent=True), [])
    check_contact(POLICY, _new(at=late, channel=Channel.LETTER), [])


def test_caps_count_every_channel() -> None:
    """A visit and an SMS today already fill the daily cap for a call; six contacts of any
    channel in 30 days fill the period cap."""
    with pytest.raises(DailyCap):
        check_contact(POLICY, _new(), [_past(0.01, channel="visit")])
    history = [_past(d, channel=ch, n=i) for i, (d, ch) in enumerate(
        [(2, "visit"), (5, "sms"), (8, "letter"), (11, "email"), (14, "phone"), (17, "branch")])]
    with pytest.raises(PeriodCap):
        check_contact(POLICY, _new(), history)
    check_contact(POLICY, _new(), history[:5])


def test_third_party_only_after_three_failed_attempts_in_a_row() -> None:
    """A relative may be called only after three failed attempts in a row to reach the
    customer; a successful contact in between starts the count again."""
    relative = _new(party=Party.SPOUSE_OR_RELATIVE, relation="配偶")
    two = [_past(3, n=1), _past(2, n=2)]
    with pytest.raises(ThirdPartyTooEarly):
        check_contact(POLICY, relative, two)
    broken = [_past(4, n=1), _past(3, "reached", n=2), _past(2, n=3), _past(1.5, n=4)]
    assert failed_in_row(broken) == 2
    three = [_past(4, n=1), _past(3, "not_at_home", channel="visit", n=2), _past(2, n=3)]
    assert failed_in_row(three) == 3
    check_contact(POLICY, relative, three)


def test_third_party_needs_a_declared_relation_and_no_debt_in_the_message() -> None:
    """A third party must have a declared relation, and the message may not disclose the
    debt; the guarantor is not a third party."""
    three = [_past(4, n=1), _past(3, n=2), _past(2, n=3)]
    with pytest.raises(RelationMissing):
        check_contact(POLICY, _new(party=Party.EMPLOYER), three)
    with pytest.raises(DisclosesDebt, match="逾期"):
        check_contact(POLICY, _new(party=Party.EMPLOYER, relation="单位同事",
                                   message="请转告他信用卡已逾期，欠款 ¥5,000"), three)
    check_contact(POLICY, _new(party=Party.GUARANTOR), [])


def test_message_templates_are_checked_for_debt_words() -> None:
    """The template check finds debt words and amounts, and passes a neutral message."""
    assert debt_words("您好，请转告张先生尽快回电本行客户经理。") == []
    found = debt_words("请转告他尽快还款 12,000 元，否则将起诉")
    assert "还款" in found and "起诉" in found and any("元" in w for w in found)
    assert debt_words("Your LOAN is overdue") == ["overdue", "loan"]
