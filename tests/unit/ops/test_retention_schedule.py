"""The retention schedule's rules, without a database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from doorstep.ops.backup import Manifest, TableFingerprint
from doorstep.ops.retention import Kind, RetentionSchedule, months_before

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def test_evidence_is_kept_at_least_two_years() -> None:
    """A schedule that would purge evidence before 24 months is refused at construction."""
    with pytest.raises(ValueError, match="24"):
        RetentionSchedule(evidence_months=23)
    with pytest.raises(ValueError, match="as long"):
        RetentionSchedule(evidence_months=36, closed_case_visit_months=30)


def test_cutoffs_follow_the_calendar() -> None:
    """Month periods count calendar months and clamp to the month's last day."""
    assert months_before(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)
    cut = RetentionSchedule().cutoffs(NOW)
    assert cut[Kind.EVIDENCE] == datetime(2024, 11, 2, 2, 0, tzinfo=UTC)
    assert cut[Kind.VISITS] == datetime(2021, 11, 2, 2, 0, tzinfo=UTC)
    assert (NOW - cut[Kind.OUTBOX]).days == 90


def test_the_default_file_loads_and_unknown_keys_are_refused(tmp_path: Path) -> None:
    """The shipped TOML gives the defaults; a misspelt key is an error, not silently ignored."""
    assert RetentionSchedule.from_file() == RetentionSchedule()
    bad = tmp_path / "r.toml"
    bad.write_text("[retention]\nevidence_month = 30\n")
    with pytest.raises(ValueError, match="evidence_month"):
        RetentionSchedule.from_file(bad)


def test_manifest_round_trips_through_json() -> None:
    """A manifest read back from its JSON equals the one written."""
    m = Manifest("sqlite", "database.sqlite", NOW.isoformat(),
                 {"cases": TableFingerprint(3, "ab" * 32)}, {"database.sqlite": "cd" * 32})
    assert Manifest.from_json(m.to_json()) == m


def test_evidence_is_held_while_the_case_matters() -> None:
    """Open, mediating, litigated and recently closed cases hold their evidence; a case
    closed before the cut-off does not."""
    from doorstep.ops.retention import (
        CaseInLitigation,
        CaseStillOpen,
        ClosedTooRecently,
        evidence_hold,
    )

    cut = datetime(2024, 11, 2)
    assert isinstance(evidence_hold("A", "follow_up", None, cut, 24), CaseStillOpen)
    assert isinstance(evidence_hold("A", "escalated", None, cut, 24), CaseStillOpen)
    assert isinstance(evidence_hold("A", "mediation", None, cut, 24), CaseStillOpen)
    assert isinstance(evidence_hold("A", "litigation", datetime(2020, 1, 1), cut, 24),
                      CaseInLitigation)
    assert isinstance(evidence_hold("A", "resolved", datetime(2025, 1, 1), cut, 24),
                      ClosedTooRecently)
    assert evidence_hold("A", "resolved", datetime(2023, 1, 1), cut, 24) is None
