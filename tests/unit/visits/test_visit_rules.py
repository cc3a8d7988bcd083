"""Pure visit rules: distance flag, outcome mapping, instalments kept/broken, sniffing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from doorstep.cases.lifecycle import Command
from doorstep.visits.evidence.sniff import EvidenceRejected, content_type_of, sniff
from doorstep.visits.records import rules
from doorstep.visits.records.model import Outcome
from doorstep.visits.records.rules import FieldParams, InstalmentStatus

P = FieldParams()


def test_check_in_near_the_address_is_not_flagged() -> None:
    """A check-in 111 m from the address is recorded and not flagged."""
    distance, flagged = rules.check_in_distance(22.541, 114.06, 22.54, 114.06, P)
    assert distance is not None and 100 < distance < 120 and not flagged


def test_check_in_far_away_is_flagged() -> None:
    """A check-in about 1.1 km away is flagged at the default 500 m."""
    distance, flagged = rules.check_in_distance(22.55, 114.06, 22.54, 114.06, P)
    assert distance is not None and distance > 1000 and flagged


def test_missing_position_is_flagged() -> None:
    """A check-in without a position cannot be verified, so it is flagged."""
    assert rules.check_in_distance(None, None, 22.54, 114.06, P) == (None, True)


@pytest.mark.parametrize(("outcome", "commands"), [
    (Outcome.RESOLVED_EXPLAINED, (Command.RECORD_VISIT, Command.RESOLVE)),
    (Outcome.RESOLVED_FIXED, (Command.RECORD_VISIT, Command.RESOLVE)),
    (Outcome.REPAYMENT_PLAN, (Command.RECORD_VISIT, Command.MONITOR)),
    (Outcome.PROMISE_TO_PAY, (Command.RECORD_VISIT, Command.MONITOR)),
    (Outcome.FOLLOW_UP, (Command.RECORD_VISIT, Command.REQUEST_FOLLOW_UP)),
    (Outcome.REFUSED, (Command.RECORD_VISIT, Command.ESCALATE)),
    (Outcome.NOT_AT_HOME, (Command.RECORD_FAILED_ATTEMPT,)),
    (Outcome.ESCALATE, (Command.RECORD_VISIT, Command.ESCALATE)),
])
def test_outcome_maps_to_lifecycle_commands(outcome: Outcome, commands: tuple[Command, ...]
                                            ) -> None:
    """Each outcome runs the lifecycle commands of DESIGN §4, in order."""
    assert rules.commands_for(outcome, P) == commands


def test_refused_can_go_to_follow_up_by_policy() -> None:
    """With refused_goes_to=follow_up a refusal asks for another visit instead."""
    params = FieldParams(refused_goes_to="follow_up")
    assert rules.commands_for(Outcome.REFUSED, params)[-1] == Command.REQUEST_FOLLOW_UP


def _items(*paid: str) -> list[InstalmentStatus]:
    return [InstalmentStatus(date(2026, 11, 1 + 10 * n), Decimal("100"), Decimal(p))
            for n, p in enumerate(paid)]


def test_all_instalments_paid_is_kept() -> None:
    """An agreement whose instalments are all paid is kept."""
    assert rules.agreement_verdict(_items("100", "100"), date(2026, 11, 5), 7) == "kept"


def test_unpaid_beyond_grace_is_broken_and_within_grace_is_active() -> None:
    """An instalment unpaid beyond the grace period breaks the agreement; within it, not."""
    items = _items("0", "0")
    assert rules.agreement_verdict(items, date(2026, 11, 7), 7) == "active"
    assert rules.agreement_verdict(items, date(2026, 11, 9), 7) == "broken"


def test_payment_is_allocated_oldest_first() -> None:
    """A payment fills the oldest open instalment first."""
    assert rules.allocate(Decimal("150"), _items("0", "0")) == [Decimal("100"), Decimal("50")]


@pytest.mark.parametrize(("head", "kind"), [
    (b"\xff\xd8\xff\xe0", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-1.7", "application/pdf"), (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"),
    (b"ID3\x04", "audio/mpeg"), (b"\x00\x00\x00\x20ftypM4A ", "audio/mp4"),
    (b"\x00\x00\x00\x20ftypisom", "video/mp4"), (b"\x00\x00\x00\x18ftypheic", "image/heic"),
    (b"MZ\x90\x00", None), (b"PK\x03\x04", None),
])
def test_magic_bytes_name_the_type(head: bytes, kind: str | None) -> None:
    """The type comes from the leading bytes; executables and archives are unknown."""
    assert content_type_of(head) == kind


def test_exe_renamed_jpg_is_refused() -> None:
    """An executable named photo.jpg is refused whatever its name says."""
    with pytest.raises(EvidenceRejected, match="不是允许的"):
        sniff("photo.jpg", b"MZ\x90\x00" * 10, 1024)


def test_extension_must_match_content_and_size_is_capped() -> None:
    """A PDF named .jpg is refused, and so is a file over the size limit."""
    with pytest.raises(EvidenceRejected, match="扩展名"):
        sniff("scan.jpg", b"%PDF-1.7 xxx", 1024)
    with pytest.raises(EvidenceRejected, match="大小上限"):
        sniff("a.jpg", b"\xff\xd8\xff" + b"0" * 2000, 1024)
    assert sniff("a.JPG", b"\xff\xd8\xff\xe0", 1024).kind == "photo"
