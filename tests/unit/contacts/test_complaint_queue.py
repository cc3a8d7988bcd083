"""The complaint queue: days left, overdue first, closed last, the regulator flag shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from doorstep.complaints.listing import ComplaintRecord, Show, days_left, queue

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def make(id: int, due_in_days: float | None, *, closed: bool = False, extended: bool = False,
         channel: str = "hotline", flag: bool = False) -> ComplaintRecord:
    due = None if due_in_days is None else NOW + timedelta(days=due_in_days)
    return ComplaintRecord(
        id=id, customer_id=1, customer_name="张伟", branch_id=1, branch_name="福田支行",
        channel=channel, category="service", text="…", severity=3,
        received_at=NOW - timedelta(days=5), due_at=due,
        extended_at=NOW if extended else None, extension_reason="核实" if extended else None,
        closed_at=NOW - timedelta(days=id) if closed else None, regulator_flag=flag)


def test_days_left_count_whole_days_and_go_negative_after_the_deadline() -> None:
    """Ten and a half days ahead is 10 days left; half a day late is -1."""
    assert days_left(NOW + timedelta(days=10.5), NOW) == 10
    assert days_left(NOW - timedelta(hours=12), NOW) == -1


def test_overdue_first_then_by_deadline_and_closed_last() -> None:
    """Open complaints past their deadline lead (worst first); closed ones are at the end."""
    records = [make(1, 9), make(2, -3), make(3, 2), make(4, -10), make(5, None, closed=True)]
    got = queue(records, NOW, Show.ALL)
    assert [q.complaint.id for q in got] == [4, 2, 3, 1, 5]
    assert [q.overdue for q in got] == [True, True, False, False, False]
    assert got[-1].days_left is None and not got[-1].can_extend


def test_each_view_lists_only_its_complaints() -> None:
    """Open, overdue and closed views each hold only their own complaints."""
    records = [make(1, 9), make(2, -3), make(3, None, closed=True)]
    assert [q.complaint.id for q in queue(records, NOW, Show.OPEN)] == [2, 1]
    assert [q.complaint.id for q in queue(records, NOW, Show.OVERDUE)] == [2]
    assert [q.complaint.id for q in queue(records, NOW, Show.CLOSED)] == [3]


def test_an_extended_complaint_cannot_be_extended_again_and_12378_is_flagged() -> None:
    """Only one extension is offered; a 12378 complaint or a flagged customer shows the flag."""
    once, twice = queue([make(1, 20, extended=True), make(2, 5, channel="regulator")], NOW,
                        Show.OPEN)
    assert once.complaint.id == 2 and once.can_extend and once.complaint.from_regulator
    assert not twice.can_extend and not twice.complaint.from_regulator
    assert make(3, 1, flag=True).from_regulator
