"""The retention schedule (DESIGN §5) and what a purge removed — pure rules, no I/O but TOML.

Evidence is kept at least two years, and never while it matters: not while its case is open
(in the field, in legal review, in mediation) or in litigation, nor until the case has been
closed for the whole evidence period (:func:`evidence_hold`). The other kinds (closed
cases' visit records, expired sessions, delivered outbox messages, expired API tokens) have
their own periods. The schedule loads from TOML (``src/doorstep/ops/retention.toml`` by default).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from doorstep.cases.model import STATE_LABELS, CaseState
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, as_msg, codes

DEFAULT_SCHEDULE = Path(__file__).with_name("retention.toml")
#: Evidence may not be purged earlier than this (DESIGN §5: kept at least 2 years).
MIN_EVIDENCE_MONTHS = 24
#: Cases whose visit records may be purged once the period has passed. Litigation is left out:
#: a court may still ask for the file.
CLOSED_STATES = frozenset({CaseState.RESOLVED, CaseState.CLOSED_UNREACHABLE})

codes({
    "retention.kind.evidence": N_("Visit evidence"),
    "retention.kind.visits": N_("Visit records of closed cases"),
    "retention.kind.web_sessions": N_("Expired sessions"),
    "retention.kind.outbox": N_("Delivered messages"),
    "retention.kind.api_tokens": N_("Expired API tokens"),
    "retention.hold.open": N_("Case %(case_no)s is still open (%(state)s); its evidence is kept"),
    "retention.hold.litigation": N_("Case %(case_no)s is in litigation; its evidence is kept"),
    "retention.hold.recent": N_("Case %(case_no)s closed on %(closed_on)s, less than "
                                "%(months)s months ago; its evidence is kept"),
    "retention.why.evidence": N_("case %(case_no)s closed on %(closed_on)s, past the "
                                 "%(months)s-month retention period"),
    "retention.why.visits": N_("case %(case_no)s closed on %(closed_on)s, more than %(months)s "
                               "months ago"),
    "retention.why.web_sessions": N_("session expired on %(on)s"),
    "retention.why.outbox": N_("message delivered on %(on)s"),
    "retention.why.api_tokens": N_("token expired on %(on)s"),
})


class EvidenceHeld(DoorstepError):
    """The evidence of a case that still matters may not be purged."""

    code = "retention.evidence_held"
    http_status = 409


class CaseStillOpen(EvidenceHeld):
    code = "retention.hold.open"


class CaseInLitigation(EvidenceHeld):
    code = "retention.hold.litigation"


class ClosedTooRecently(EvidenceHeld):
    code = "retention.hold.recent"


class Kind(StrEnum):
    EVIDENCE = "evidence"
    VISITS = "visits"
    WEB_SESSIONS = "web_sessions"
    OUTBOX = "outbox"
    API_TOKENS = "api_tokens"


def months_before(at: datetime, months: int) -> datetime:
    """The same day-of-month ``months`` earlier (clamped to the month's last day)."""
    year, month = divmod(at.year * 12 + at.month - 1 - months, 12)
    day = at.day
    while True:
        try:
            return at.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


@dataclass(frozen=True)
class RetentionSchedule:
    """How long each kind is kept; validated at construction."""

    evidence_months: int = 24
    closed_case_visit_months: int = 60
    expired_session_days: int = 7
    delivered_outbox_days: int = 90
    expired_token_days: int = 30

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 0:
                raise ValueError(f"retention {f.name} must not be negative")
        if self.evidence_months < MIN_EVIDENCE_MONTHS:
            raise ValueError(f"evidence must be kept at least {MIN_EVIDENCE_MONTHS} months")
        if self.closed_case_visit_months < self.evidence_months:
            raise ValueError("visit records must be kept at least as long as their evidence")

    @classmethod
    def from_file(cls, path: Path = DEFAULT_SCHEDULE) -> RetentionSchedule:
        with open(path, "rb") as fh:
            table = tomllib.load(fh).get("retention", {})
        known = {f.name for f in fields(cls)}
        unknown = set(table) - known
        if unknown:
            raise ValueError(f"unknown retention settings: {', '.join(sorted(unknown))}")
        return cls(**table)

    def cutoffs(self, now: datetime) -> dict[Kind, datetime]:
        """Per kind: records older than this instant are due for purging."""
        return {
            Kind.EVIDENCE: months_before(now, self.evidence_months),
            Kind.VISITS: months_before(now, self.closed_case_visit_months),
            Kind.WEB_SESSIONS: now - timedelta(days=self.expired_session_days),
            Kind.OUTBOX: now - timedelta(days=self.delivered_outbox_days),
            Kind.API_TOKENS: now - timedelta(days=self.expired_token_days),
        }


def evidence_hold(case_no: str, state: str, closed_at: datetime | None,
                  cutoff: datetime, months: int) -> EvidenceHeld | None:
    """Why a case's evidence must stay (an error to raise or report), or ``None`` when the
    case was closed (resolved, or closed as unreachable before §10) before ``cutoff``."""
    if state == CaseState.LITIGATION:
        return CaseInLitigation(case_no=case_no)
    if state not in {s.value for s in CLOSED_STATES}:
        label = as_msg(STATE_LABELS[CaseState(state)]) if state in set(CaseState) else state
        return CaseStillOpen(case_no=case_no, state=label)
    if closed_at is None or closed_at >= cutoff:
        on = closed_at.date().isoformat() if closed_at else "—"
        return ClosedTooRecently(case_no=case_no, closed_on=on, months=months)
    return None


@dataclass
class PurgeReport:
    """What a purge removed (or would remove, on a dry run): ids per kind, and why each."""

    dry_run: bool
    removed: dict[Kind, list[str]] = field(default_factory=lambda: {k: [] for k in Kind})
    files: list[str] = field(default_factory=list)
    #: ``(kind, id) -> (message code, params)``: why each item is due.
    why: dict[tuple[Kind, str], tuple[str, dict[str, str]]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {k.value: len(v) for k, v in self.removed.items()}

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.removed.values())
