"""The complaint clock: 15 days, extendable once to 30 with a reason; 12378 flags."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from doorstep.complaints import clock

RECEIVED = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)


def test_deadline_is_fifteen_days_and_one_extension_to_thirty() -> None:
    """A complaint is due in 15 days; one extension with a reason makes it 30."""
    assert (clock.due(RECEIVED) - RECEIVED).days == 15
    state = clock.ClockState(1, RECEIVED, extended=False, closed=False)
    assert (clock.extend(state, "需调取录音核实") - RECEIVED).days == 30


def test_a_second_extension_a_blank_reason_or_a_closed_complaint_is_refused() -> None:
    """The deadline is extended only once, only with a reason, only while open."""
    with pytest.raises(clock.AlreadyExtended):
        clock.extend(clock.ClockState(1, RECEIVED, extended=True, closed=False), "再延期")
    with pytest.raises(clock.ReasonNeeded):
        clock.extend(clock.ClockState(1, RECEIVED, extended=False, closed=False), " ")
    with pytest.raises(clock.AlreadyClosed):
        clock.extend(clock.ClockState(1, RECEIVED, extended=False, closed=True), "理由")


def test_overdue_and_regulator_flag() -> None:
    """An open complaint past its deadline is overdue; only 12378 sets the regulator flag."""
    due = clock.due(RECEIVED)
    assert clock.is_overdue(due, False, datetime(2026, 11, 17, tzinfo=UTC))
    assert not clock.is_overdue(due, True, datetime(2026, 11, 17, tzinfo=UTC))
    assert clock.sets_regulator_flag("regulator") and not clock.sets_regulator_flag("hotline")
