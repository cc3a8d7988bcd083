"""The presence rule (DESIGN §5, two staff per visit): a partner listed as present counts
only with their own confirmation for this appointment, made since the last visit record."""

from __future__ import annotations

from datetime import datetime, timedelta

from doorstep.visits.records.door import Confirmation, unconfirmed

AT = datetime(2026, 11, 2, 1, 30)


def test_the_submitter_speaks_for_themself_and_the_partner_must_confirm() -> None:
    assert unconfirmed([1, 2], 1, [], 7, None) == [2]
    assert unconfirmed([1, 2], 1, [Confirmation(2, 7, AT)], 7, None) == []
    assert unconfirmed([1], 1, [], 7, None) == []


def test_a_confirmation_by_someone_else_or_for_another_appointment_does_not_count() -> None:
    assert unconfirmed([1, 2], 1, [Confirmation(1, 7, AT)], 7, None) == [2]
    assert unconfirmed([1, 2], 1, [Confirmation(2, 8, AT)], 7, None) == [2]
    assert unconfirmed([1, 2], 1, [Confirmation(2, None, AT)], None, None) == []


def test_a_confirmation_before_the_previous_visit_record_is_spent() -> None:
    old = Confirmation(2, None, AT)
    assert unconfirmed([1, 2], 1, [old], None, AT + timedelta(hours=2)) == [2]


def test_a_dispatcher_entering_the_record_needs_both_members_to_confirm() -> None:
    assert unconfirmed([1, 2], None, [Confirmation(2, 7, AT)], 7, None) == [1]
