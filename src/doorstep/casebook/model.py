"""Case studies (案例库): plain values, the draft composed from a closed case, validation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from doorstep.core.errors import ValidationFailed

#: The five paragraphs of a case study, in order (paragraph numbers start at 1).
SECTIONS: tuple[str, ...] = ("background", "problem", "actions", "outcome", "lessons")
SECTION_LABELS: dict[str, tuple[str, str]] = {
    "background": ("背景", "Background"), "problem": ("问题", "Problem"),
    "actions": ("处理过程", "What was done"), "outcome": ("结果", "Outcome"),
    "lessons": ("经验教训", "Lessons"),
}
OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "resolved": ("化解成功", "Resolved"),
    "repayment_plan": ("达成还款计划", "Repayment plan agreed"),
    "explained": ("解释澄清", "Settled by explanation"),
    "fixed": ("故障修复", "Fault fixed"),
    "mediation": ("转诉前调解", "Sent to mediation"),
    "litigation": ("进入诉讼", "Went to court"),
    "unreachable": ("无法联系", "Unreachable"),
}
#: Case states a case study may be drawn from.
CLOSED_STATES = frozenset({"resolved", "closed_unreachable", "litigation", "monitoring"})
STATE_OUTCOMES = {"resolved": "resolved", "closed_unreachable": "unreachable",
                  "litigation": "litigation", "monitoring": "repayment_plan"}
AMOUNT_BANDS = ((Decimal("10000"), "<1万"), (Decimal("50000"), "1万–5万"),
                (Decimal("200000"), "5万–20万"))
DPD_BANDS = ((0, "未逾期"), (30, "1–30天"), (90, "31–90天"), (180, "91–180天"))


def amount_band(amount: Decimal) -> str:
    """The amount at stake in bands of ten thousand yuan."""
    for limit, name in AMOUNT_BANDS:
        if amount < limit:
            return name
    return "20万以上"


def dpd_band(days_past_due: int) -> str:
    """Days past due in the bank's usual buckets."""
    for limit, name in DPD_BANDS:
        if days_past_due <= limit:
            return name
    return "180天以上"


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


def problems(d: StudyDraft) -> list[str]:
    """Every reason the draft cannot be saved, in Chinese (empty when it is valid)."""
    out = []
    if not d.title.strip():
        out.append("案例标题不能为空")
    if len(d.title) > 120:
        out.append("案例标题不能超过120个字")
    out += [f"「{SECTION_LABELS[s][0]}」不能为空" for s in SECTIONS if not getattr(d, s).strip()]
    if d.outcome_tag not in OUTCOME_LABELS:
        out.append(f"结果标签「{d.outcome_tag}」无效")
    if len(d.tags) > 10 or any(len(t) > 20 for t in d.tags):
        out.append("标签最多10个，每个不超过20个字")
    return out


def validate(d: StudyDraft) -> StudyDraft:
    """The draft, or ``ValidationFailed`` naming every problem."""
    found = problems(d)
    if found:
        raise ValidationFailed("；".join(found))
    return d


def compose(source: CaseSource, title: str = "") -> StudyDraft:
    """A first draft from a closed case, for the author to rewrite (not yet anonymised)."""
    complaints = "；".join(c.strip() for c in source.complaints if c.strip())
    findings = "；".join(f.strip() for f in source.findings if f.strip())
    outcomes = "、".join(dict.fromkeys(o for o in source.outcomes if o))
    return StudyDraft(
        title=title or f"{source.case_no} 案例",
        background=source.summary.strip() or "（请补充案件背景）",
        problem=complaints or "（请补充客户反映的问题）",
        actions=findings or "（请补充上门处理过程）",
        outcome=f"案件结果：{outcomes or source.state}",
        lessons="（请补充经验教训）",
        business_line=source.business_line, case_type=source.case_type,
        outcome_tag=STATE_OUTCOMES.get(source.state, "resolved"),
        tags=(), amount_band=amount_band(source.amount_at_stake),
        dpd_band=dpd_band(source.days_past_due))
