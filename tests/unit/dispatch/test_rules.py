"""Pure rules of teams, appointment slots, links and calendars."""

from __future__ import annotations

from datetime import date, datetime, time

from doorstep.cases.compliance import Policy
from doorstep.core.ics import CalendarEvent, calendar
from doorstep.teams.coverage import CaseNeed, coverage_gaps, propose_pairs, required_skills
from doorstep.teams.model import Certificate, StaffMember
from doorstep.visits.appointments import tokens
from doorstep.visits.appointments.slots import SlotRequest, propose_slots

DAY = date(2026, 12, 1)  # a Tuesday


def member(no: str, skills: set[str], certs: tuple[Certificate, ...] = ()) -> StaffMember:
    return StaffMember(int(no), no, f"员工{no}", "customer_manager", frozenset(skills), 1,
                       22.5, 114.0, time(9), time(18), (1, 2, 3, 4, 5), certs)


def test_cases_near_litigation_need_a_legal_advisor() -> None:
    """An escalated case, or a priority-1 overdue debt, needs the legal skill."""
    assert "legal" in required_skills(CaseNeed("overdue_debt", "loan", "escalated"))
    assert "legal" in required_skills(CaseNeed("overdue_debt", "loan", "approved", 1, True))
    assert "legal" not in required_skills(CaseNeed("overdue_debt", "loan", "approved", 3, True))


def test_account_problems_need_a_technician_and_lines_their_skill() -> None:
    """An account problem needs the technical skill; wealth and insurance lines theirs."""
    assert required_skills(CaseNeed("account_problem", "deposit")) == {"technical"}
    assert "wealth" in required_skills(CaseNeed("wealth_dispute", "wealth"))
    assert "insurance" in required_skills(CaseNeed("insurance_dispute", "insurance"))


def test_a_lapsed_certificate_removes_the_skill_it_backs() -> None:
    """A legal advisor whose legal certificate expired does not cover a legal case."""
    lapsed = member("2", {"legal", "loans"}, (Certificate("legal_professional", date(2026, 1, 1)),))
    valid = member("3", {"legal", "loans"}, (Certificate("legal_professional", date(2027, 1, 1)),))
    need = frozenset({"legal", "loans"})
    assert coverage_gaps((member("1", {"loans"}), lapsed), need, DAY)
    assert coverage_gaps((member("1", {"loans"}), valid), need, DAY) == []


def test_team_proposal_pairs_staff_to_cover_the_days_needs() -> None:
    """The proposal puts the technician with a loans manager when both needs exist."""
    tech = member("4", {"technical"}, (Certificate("it_support", date(2027, 1, 1)),))
    pairs = propose_pairs([member("1", {"loans"}), member("2", {"cards"}), tech],
                          [frozenset({"technical", "loans"})], DAY)
    assert {pairs[0].a.staff_no, pairs[0].b.staff_no} == {"1", "4"} and pairs[0].covers == 1


def test_slots_respect_preferred_hours_shift_and_busy_times() -> None:
    """Slots lie in the preferred afternoon, inside the shift, away from booked visits."""
    busy = ((datetime(2026, 12, 1, 14), datetime(2026, 12, 1, 15)),)
    slots = propose_slots(Policy(), SlotRequest(DAY, (time(9), time(18)), busy,
                                                "下午 14:00-17:30"))
    assert slots and all(s.hour >= 15 and e <= datetime(2026, 12, 1, 17, 30) for s, e in slots)
    assert all(s >= datetime(2026, 12, 1, 15, 30) for s, _ in slots)


def test_slots_never_fall_outside_the_visit_window() -> None:
    """A customer preferring 21:00-23:00 is offered slots inside 09:00-20:00 instead."""
    slots = propose_slots(Policy(), SlotRequest(DAY, (time(8), time(23)), (), "21:00-23:00"))
    assert slots and all(s.time() >= time(9) and e.time() <= time(20) for s, e in slots)


def test_a_forged_link_is_refused() -> None:
    """A token signed with another key, or altered, reads as None."""
    token = tokens.sign("secret-a", tokens.LinkPayload(7))
    assert tokens.read("secret-a", token) == tokens.LinkPayload(7)
    assert tokens.read("secret-b", token) is None
    assert tokens.read("secret-a", token[:-2] + "xx") is None


def test_calendar_is_valid_icalendar() -> None:
    """The feed parses with the icalendar grammar: one event with its times."""
    text = calendar("福田一组", [CalendarEvent("a-1@doorstep", datetime(2026, 12, 1, 6),
                                              datetime(2026, 12, 1, 7), "上门拜访 AJ1 王**")],
                    datetime(2026, 11, 2))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "DTSTART:20261201T060000Z" in text and text.count("BEGIN:VEVENT") == 1
