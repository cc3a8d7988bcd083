"""Which course answers which weakness seen in evaluation (pure).

Low satisfaction points to communication and customer psychology; compliance exceptions to
the compliant-visit and legal courses.
"""

from __future__ import annotations

from dataclasses import dataclass

from doorstep.core.i18n import N_, _
from doorstep.evaluation.improvement.recommend import TrainingNeed
from doorstep.training.model import Course

REASON_LABELS: dict[str, str] = {
    "low_satisfaction": N_("Low customer satisfaction"),
    "compliance_exception": N_("Has compliance exceptions"),
}
#: reason -> course categories to take, first choice first.
REASON_CATEGORIES: dict[str, tuple[str, ...]] = {
    "low_satisfaction": ("communication", "psychology"),
    "compliance_exception": ("compliance", "legal"),
}


@dataclass(frozen=True)
class Weakness:
    """A staff member and what evaluation found (``detail``: e.g. the average score)."""

    staff_id: int
    staff_name: str
    reason: str
    detail: str


@dataclass(frozen=True)
class Recommendation:
    weakness: Weakness
    courses: tuple[Course, ...]


def weaknesses_of(needs: list[TrainingNeed]) -> list[Weakness]:
    """Evaluation's training needs (``staff_needing_training``) as one weakness per reason."""
    out = []
    for n in needs:
        if n.low_csat:
            detail = n.reasons[0] if n.reasons else ""  # evaluation names low CSAT first
            out.append(Weakness(n.staff_id, n.name, "low_satisfaction", detail))
        if n.compliance_exceptions:
            out.append(Weakness(n.staff_id, n.name, "compliance_exception",
                                _("%(n)s compliance exceptions", n=n.compliance_exceptions)))
    return out


def courses_for(reason: str, courses: list[Course]) -> tuple[Course, ...]:
    """The courses answering ``reason``, in the order of its categories, then by code."""
    order = REASON_CATEGORIES.get(reason, ())
    chosen = [c for c in courses if c.category in order]
    return tuple(sorted(chosen, key=lambda c: (order.index(c.category), c.code)))


def recommend(weaknesses: list[Weakness], courses: list[Course]) -> list[Recommendation]:
    """One recommendation per weakness that some course answers."""
    out = [Recommendation(w, courses_for(w.reason, courses)) for w in weaknesses]
    return [r for r in out if r.courses]
