"""Case studies (the casebook): plain values, the draft composed from a closed case, validation."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg, join_messages

#: The five paragraphs of a case study, in order (paragraph numbers start at 1).
SECTIONS: tuple[str, ...] = ("background", "problem", "actions", "outcome", "lessons")
SECTION_LABELS: dict[str, str] = {
    "background": N_("Background"), "problem": N_("Problem"),
    "actions": N_("What was done"), "outcome": N_("Outcome"),
    "lessons": N_("Lessons"),
}
OUTCOME_LABELS: dict[str, str] = {
    "resolved": N_("Settled successfully"),
    "repayment_plan": N_("Repayment plan agreed"),
    "explained": N_("Settled by explanation"),
    "fixed": N_("Fault fixed"),
    "mediation": N_("Sent to mediation"),
    "litigation": N_("Went to court"),
    "unreachable": N_("Unreachable"),
}
#: Case states a case study may be drawn from.
CLOSED_STATES = frozenset({"resolved", "closed_unreachable", "litigation", "monitoring"})
STATE_OUTCOMES = {"resolved": "resolved", "closed_unreachable": "unreachable",
                  "litigation": "litigation", "monitoring": "repayment_plan"}
#: The Chinese a study is written in (bands, the draft's placeholders): data beside the module.
WORDING = tomllib.loads((Path(__file__).with_name("wording.toml")).read_text(encoding="utf-8"))
AMOUNT_BANDS = tuple((Decimal(str(limit)), str(name))
                     for limit, name in WORDING["amount"]["bands"])
DPD_BANDS = tuple((int(limit), str(name)) for limit, name in WORDING["dpd"]["bands"])


def amount_band(amount: Decimal) -> str:
    """The amount at stake in bands of ten thousand yuan."""
    for limit, name in AMOUNT_BANDS:
        if amount < limit:
            return name
    return str(WORDING["amount"]["above"])


def dpd_band(days_past_due: int) -> str:
    """Days past due in the bank's usual buckets."""
    for limit, name in DPD_BANDS:
        if days_past_due <= limit:
            return name
    return str(WORDING["dpd"]["above"])


@dataclass(frozen=True)
class StudyDraft:
    """What an author writes: title, the five paragraphs, and the tags."""

    title: str
    background: str
    problem: str
    actions: str
    outcome: str
    lessons: str
    business_line: str
    case_type: str
    outcome_tag: str
    tags: tuple[str, ...] = ()
    amount_band: str = ""
    dpd_band: str = ""

    def paragraphs(self) -> list[str]:
        """The title (index 0) and the five paragraphs (1–5) as checked for personal data."""
        return [self.title, *(getattr(self, s) for s in SECTIONS)]


@dataclass(frozen=True)
class CaseStudy:
    """A stored case study; only ``published`` ones are searchable and suggested."""

    id: int
    draft: StudyDraft
    status: str
    source_case_id: int | None
    created_by: str
    created_at: datetime
    published_by: str | None = None
    published_at: datetime | None = None
    version: int = 1


@dataclass(frozen=True)
class CaseSource:
    """What a closed case offers a case study: facts, the customer's words, visit notes."""

    case_id: int
    case_no: str
    state: str
    case_type: str
    business_line: str
    amount_at_stake: Decimal
    days_past_due: int
    summary: str
    complaints: tuple[str, ...]
    findings: tuple[str, ...]
    outcomes: tuple[str, ...]


def problems(d: StudyDraft) -> list[Msg]:
    """Every reason the draft cannot be saved, as messages (empty when it is valid)."""
    out = []
    if not d.title.strip():
        out.append(Msg(N_("The case study needs a title")))
    if len(d.title) > 120:
        out.append(Msg(N_("A case study's title has at most 120 characters")))
    out += [Msg(N_("The section %(section)s is empty"), {"section": Msg(SECTION_LABELS[s])})
            for s in SECTIONS if not getattr(d, s).strip()]
    if d.outcome_tag not in OUTCOME_LABELS:
        out.append(Msg(N_("Unknown outcome tag %(tag)s"), {"tag": d.outcome_tag}))
    if len(d.tags) > 10 or any(len(t) > 20 for t in d.tags):
        out.append(Msg(N_("At most 10 tags of at most 20 characters each")))
    return out


def validate(d: StudyDraft) -> StudyDraft:
    """The draft, or ``ValidationFailed`` naming every problem."""
    found = problems(d)
    if found:
        raise ValidationFailed(N_("%(problems)s"), problems=join_messages(found))
    return d


def compose(source: CaseSource, title: str = "") -> StudyDraft:
    """A first draft from a closed case, for the author to rewrite (not yet anonymised)."""
    words = WORDING["draft"]
    complaints = words["list_separator"].join(c.strip() for c in source.complaints if c.strip())
    findings = words["list_separator"].join(f.strip() for f in source.findings if f.strip())
    outcomes = words["outcome_separator"].join(dict.fromkeys(o for o in source.outcomes if o))
    return StudyDraft(
        title=title or words["title"].format(case_no=source.case_no),
        background=source.summary.strip() or words["background"],
        problem=complaints or words["problem"],
        actions=findings or words["actions"],
        outcome=words["outcome"].format(outcomes=outcomes or source.state),
        lessons=words["lessons"],
        business_line=source.business_line, case_type=source.case_type,
        outcome_tag=STATE_OUTCOMES.get(source.state, "resolved"),
        tags=(), amount_band=amount_band(source.amount_at_stake),
        dpd_band=dpd_band(source.days_past_due))
