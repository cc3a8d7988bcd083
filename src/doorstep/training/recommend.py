"""Which course answers which weakness seen in evaluation (pure).

Low satisfaction points to communication and customer psychology; compliance exceptions to
the compliant-visit and legal courses.
"""

from __future__ import annotations

from dataclasses import dataclass

from doorstep.evaluation.improvement.recommend import TrainingNeed
from doorstep.training.model import Course

REASON_LABELS: dict[str, tuple[str, str]] = {
    "low_satisfaction": ("客户满意度偏低", "Low customer satisfaction"),
    "compliance_exception": ("存在合规例外", "Compliance exceptions"),
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
            detail = next((r for r in n.reasons if "满意度" in r), "")
            out.append(Weakness(n.staff_id, n.name, "low_satisfaction", detail))
        if n.compliance_exceptions:
            out.append(Weakness(n.staff_id, n.name, "compliance_exception",
                                f"合规例外 {n.compliance_exceptions} 次"))
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
