"""Complaint text scored when it arrives, and a batch for texts stored without a score.

Screening runs read the stored ``dissatisfaction`` / ``strong_dissatisfaction``; they never
score text again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from doorstep.complaints import clock
from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork
from doorstep.screening.text import TextScore, validate_text

CHANNELS = ("branch", "hotline", "app", "regulator", "letter", "survey")


class TextScorer(Protocol):
    """What scoring needs from the detector."""

    def score_many(self, texts: Sequence[str]) -> list[TextScore]: ...


@dataclass(frozen=True)
class RecordComplaint:
    customer_id: int
    channel: str
    category: str
    text: str
    severity: int
    received_at: datetime
    account_id: int | None = None


def record_complaint(uow: UnitOfWork, principal: Principal, cmd: RecordComplaint,
                     scorer: TextScorer, model: str = "detector") -> int:
    """Store a complaint and its dissatisfaction score in one transaction.

    Parameters
    ----------
    uow : UnitOfWork
    principal : Principal
        Needs ``case.approve`` (analysts and programme managers record complaints).
    cmd : RecordComplaint
    scorer : TextScorer
        The Chinese dissatisfaction detector.
    model : str
        Name of the scorer, stored with the score.

    Returns
    -------
    int
        The complaint id. Empty or wordless text raises ``ValidationFailed`` and stores nothing.
    """
    require(principal, Permission.CASE_APPROVE)
    if cmd.channel not in CHANNELS or not 1 <= cmd.severity <= 5:
        raise ValidationFailed(N_("the channel must be one of %(channels)s and the severity 1–5"),
                               channels=", ".join(CHANNELS))
    branch_id = uow.screening.customer_branch(cmd.customer_id)
    require_branch(principal, branch_id, N_("Customer"), cmd.customer_id)
    [score] = scorer.score_many([cmd.text])
    complaint_id: int = uow.screening.add_complaint({
        "customer_id": cmd.customer_id, "account_id": cmd.account_id, "branch_id": branch_id,
        "channel": cmd.channel, "category": cmd.category, "text": cmd.text,
        "severity": cmd.severity, "received_at": cmd.received_at.replace(tzinfo=None),
        "due_at": clock.due(cmd.received_at).replace(tzinfo=None)})
    if clock.sets_regulator_flag(cmd.channel):  # a 12378 complaint flags the customer
        uow.contacts.set_regulator_flag(cmd.customer_id)
    now = uow.clock.now()
    uow.screening.store_text_scores(
        [(complaint_id, score.dissatisfaction, score.strong_dissatisfaction)], model, now)
    uow.audit(AuditEntry(principal.actor, "complaint.record", "complaint", str(complaint_id),
                         None, {"channel": cmd.channel, "severity": cmd.severity}, now))
    return complaint_id


@dataclass
class ScoringReport:
    """What a batch did: texts scored, and texts refused with the reason."""

    scored: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)


def score_pending_texts(uow: UnitOfWork, scorer: TextScorer, model: str = "detector",
                        limit: int = 1_000_000) -> ScoringReport:
    """Score every stored complaint that has no score yet, in one transaction.

    Parameters
    ----------
    uow : UnitOfWork
    scorer : TextScorer
    model : str
        Name stored with each score.
    limit : int
        At most this many texts.

    Returns
    -------
    ScoringReport
        Empty or garbage texts are refused (id and reason) and left unscored.
    """
    pending = uow.screening.unscored_complaints(limit)
    report, good = ScoringReport(), []
    for complaint_id, text in pending:
        try:
            validate_text(text)
            good.append((complaint_id, text))
        except ValidationFailed as exc:
            report.refused.append((complaint_id, exc.detail or exc.code))
    scores = scorer.score_many([t for _, t in good]) if good else []
    uow.screening.store_text_scores(
        [(i, s.dissatisfaction, s.strong_dissatisfaction) for (i, _), s in zip(good, scores,
                                                                                 strict=True)],
        model, uow.clock.now())
    report.scored = len(scores)
    return report
