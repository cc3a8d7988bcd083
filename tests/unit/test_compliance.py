"""The compliance policy of DESIGN §5: one test per rule, plus loading and validation."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from doorstep.cases import compliance as c
from doorstep.cases.compliance import Policy
from doorstep.core.errors import ConfigurationError

CST = timezone(timedelta(hours=8))
P = Policy.from_toml()


def at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CST)


def test_default_policy_file_loads_with_design_defaults() -> None:
    """The shipped TOML gives quiet hours 22:00–08:00, visits 09:00–20:00 and two staff."""
    assert (P.quiet_start.hour, P.quiet_end.hour) == (22, 8)
    assert (P.visit_start.hour, P.visit_end.hour) == (9, 20)
    assert P.min_staff == 2 and P.retention_years == 2


def test_quiet_hours_block_contact_without_consent() -> None:
    """No contact between 22:00 and 08:00 local time unless the customer consented."""
    assert c.check_quiet_hours(P, at(22, 30)) is not None
    assert c.check_quiet_hours(P, at(7, 59)) is not None
    assert c.check_quiet_hours(P, at(8, 0)) is None
    assert c.check_quiet_hours(P, at(23), consent=True) is None


def test_visit_window_is_narrower_than_waking_hours() -> None:
    """A visit must lie inside 09:00–20:00 on one day."""
    assert c.check_visit_window(P, at(9), at(10)) is None
    assert c.check_visit_window(P, at(8, 30), at(9, 30)) is not None
    assert c.check_visit_window(P, at(19, 30), at(20, 30)) is not None
    assert c.check_visit_window(P, at(11), at(10)) is not None


def test_two_staff_per_visit() -> None:
    """A visit by one person alone breaks the two-staff rule."""
    assert c.check_two_staff(P, 1) is not None
    assert c.check_two_staff(P, 2) is None


def test_identification_requires_names_numbers_and_bank() -> None:
    """Every visit records the staff's names, staff numbers and the bank."""
    assert c.check_identification(P, ["王伟", "李娜"], ["S001", "S002"], "深圳示范银行") is None
    assert c.check_identification(P, ["王伟", "李娜"], ["S001"], "深圳示范银行") is not None
    assert c.check_identification(P, ["王伟"], ["S001"], "") is not None


def test_no_consent_no_inside_visit() -> None:
    """Entering the home needs the customer's recorded consent."""
    assert c.check_consent_to_enter(P, inside_home=True, consent=None) is not None
    assert c.check_consent_to_enter(P, inside_home=True, consent=True) is None
    assert c.check_consent_to_enter(P, inside_home=False, consent=None) is None


def test_third_parties_only_after_three_failed_attempts_and_never_told_the_debt() -> None:
    """Third parties are contacted only once the customer is unreachable, never told of the debt."""
    assert c.check_third_party(P, 2, discloses_debt=False) is not None
    assert c.check_third_party(P, 3, discloses_debt=False) is None
    assert c.check_third_party(P, 5, discloses_debt=True) is not None


def test_frequency_caps_per_day_and_per_period() -> None:
    """Contacts per case are capped per day and per 30-day period, across channels."""
    assert c.check_frequency(P, [at(10)], at(15)) is not None
    assert c.check_frequency(P, [at(10, day=1)], at(15)) is None
    many = [at(10, day=d) for d in range(3, 9)]
    breach = c.check_frequency(P, many, at(10, day=12))
    assert breach is not None and breach.rule == "frequency" and breach.overridable(P)


def test_delinquency_visits_need_recording_or_signed_note() -> None:
    """An overdue-debt visit carries audio/video or a signed note; other visits need neither."""
    assert c.check_evidence(P, "overdue_debt", False, False) is not None
    assert c.check_evidence(P, "overdue_debt", False, True) is None
    assert c.check_evidence(P, "service_complaint", False, False) is None


def test_effective_collection_two_confirmed_contacts_thirty_days_apart() -> None:
    """Litigation of a card case needs two confirmed contacts at least 30 days apart."""
    assert c.check_effective_collection(P, [at(10, day=1), at(10, day=20)]) is not None
    assert c.check_effective_collection(P, [at(10, day=1)]) is not None
    d0 = at(10, day=1)
    assert c.check_effective_collection(P, [d0, d0 + timedelta(days=30)]) is None


def test_do_not_visit_and_regulator_flags_block_visits_but_may_be_overridden() -> None:
    """Do-not-visit and regulator-complaint flags block a visit; a manager may override."""
    b = c.check_visit_flags(True, False)
    assert b is not None and b.rule == "do_not_visit" and b.overridable(P)
    b = c.check_visit_flags(False, True)
    assert b is not None and b.rule == "regulator_complaint"
    assert c.check_visit_flags(False, False) is None


def test_two_staff_rule_cannot_be_overridden_by_default() -> None:
    """Only rules listed under overrides.allowed may be overridden."""
    breach = c.check_two_staff(P, 1)
    assert breach is not None and not breach.overridable(P)


def test_invalid_policy_is_rejected_with_the_key_named(tmp_path: Path) -> None:
    """A policy with a visit window inside quiet hours or a bad time is refused clearly."""
    bad = tmp_path / "p.toml"
    bad.write_text('[visit_window]\nstart = "07:00"\nend = "20:00"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="quiet_hours"):
        Policy.from_toml(bad)
    bad.write_text('[quiet_hours]\nstart = "25:99"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="quiet_hours.start"):
        Policy.from_toml(bad)
    bad.write_text('[overrides]\nallowed = ["nonsense"]\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="unknown rules"):
        Policy.from_toml(bad)
