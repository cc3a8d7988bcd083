"""The public satisfaction survey behind a single-use link (CSAT 1–5, NPS 0–10)."""

from __future__ import annotations

import hashlib

from doorstep.core.audit import AuditEntry
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, NP_
from doorstep.core.uow import UnitOfWork
from doorstep.visits.records.model import VisitRefused


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_open(uow: UnitOfWork, token: str) -> bool:
    """Whether the link exists and has not been answered; unknown links are 'not found'."""
    row = uow.agreements.survey(_hash(token))
    if row is None:
        raise NotFound(entity=NP_("entity", "Survey"), id=0)
    return row.answered_at is None


def answer_survey(uow: UnitOfWork, token: str, csat: int, nps: int, comment: str) -> None:
    """Store the customer's answer once; a second answer is refused."""
    if not 1 <= csat <= 5 or not 0 <= nps <= 10:
        raise VisitRefused(N_("Satisfaction is 1 to 5 and likelihood to recommend 0 to 10"))
    row = uow.agreements.survey(_hash(token))
    if row is None:
        raise NotFound(entity=NP_("entity", "Survey"), id=0)
    if not uow.agreements.answer_survey(row.id, csat, nps, comment.strip()[:1000],
                                        uow.clock.now()):
        raise VisitRefused(N_("This survey was already answered; thank you for your feedback"))
    uow.audit(AuditEntry("customer", "survey.answer", "survey", str(row.id), None,
                         {"csat": csat, "nps": nps}, uow.clock.now()))
