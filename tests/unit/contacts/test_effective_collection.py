"""有效催收 computed from the contact log: proofs, order and gaps from the policy."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from doorstep.cases.compliance import Policy
from doorstep.contacts.collection import effective_collection, overdue_since
from doorstep.contacts.model import Contact

POLICY = Policy()
T0 = datetime(2026, 8, 1, 2, 0, tzinfo=UTC)


def _c(n: int, days: int, proof: str = "recording", party: str = "debtor",
       outcome: str = "reached") -> Contact:
    return Contact(n, 1, "phone", party, "", outcome, T0 + timedelta(days=days), proof)


def test_two_proved_contacts_thirty_days_apart_meet_it() -> None:
    """Two proved contacts with the debtor 30 days apart meet it and are named."""
    got = effective_collection(POLICY, [_c(1, 0), _c(2, 10), _c(3, 30)], date(2026, 7, 1))
    assert got.met and [c.id for c in got.contacts] == [1, 3]


def test_unproved_third_party_early_or_failed_contacts_do_not_count() -> None:
    """Contacts without proof, with a third party, before the debt was overdue or that did
    not reach the customer do not count."""
    contacts = [_c(1, 0, proof="none"), _c(2, 40, party="employer"),
                _c(3, 45, outcome="no_answer"), _c(4, 50)]
    got = effective_collection(POLICY, contacts, date(2026, 7, 1))
    assert not got.met and [c.id for c in got.contacts] == [4]
    assert got.missing is not None and "2 次" in got.missing.in_language("zh-CN")
    late = effective_collection(POLICY, [_c(1, 0), _c(2, 40)], date(2026, 8, 20))
    assert not late.met


def test_the_numbers_come_from_the_policy() -> None:
    """With three contacts 20 days apart required, 0/20/40 meets it and 0/20 does not."""
    policy = Policy.from_dict({"escalation": {"effective_collection_contacts": 3,
                                              "effective_collection_gap_days": 20}})
    assert effective_collection(policy, [_c(1, 0), _c(2, 20), _c(3, 40)], None).met
    assert not effective_collection(policy, [_c(1, 0), _c(2, 20)], None).met


def test_overdue_since_is_the_start_of_the_current_spell() -> None:
    """The overdue spell starts at the first overdue month after the last month paid."""
    months = [(date(2026, 1, 1), 30), (date(2026, 2, 1), 0), (date(2026, 3, 1), 15),
              (date(2026, 4, 1), 45)]
    assert overdue_since(months) == date(2026, 3, 1)
    assert overdue_since([(date(2026, 1, 1), 0)]) is None
