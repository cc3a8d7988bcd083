"""Effect of visits: the randomised visit arm against the holdout, in plain words.

Every measure of :data:`MEASURES` (five outcomes over 30, 60 and 90 days) is estimated by
intention to treat with CUPED and a Neyman 95 % interval (:mod:`doorstep.evaluation.itt`);
the effect of a visit actually made (CACE) comes second. The verdicts are Chinese
sentences a programme manager can repeat, with the caveats when the sample is small or
contaminated. Pure; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from doorstep.evaluation.itt import VISIT, Unit, arrays, cace, itt
from doorstep.evaluation.outcomes import BASE_MEASURES, WINDOWS, measure_key

#: Below this many customers in either group the effect is not judged.
MIN_GROUP = 30

#: measure key (``cured_90``) -> (zh-CN name, en name, is a rate), the headline first.
MEASURES: dict[str, tuple[str, str, bool]] = {
    measure_key(base, w): (f"{w} 天内{zh}", f"{en} within {w} days", rate)
    for w in reversed(WINDOWS) for base, (zh, en, rate) in BASE_MEASURES.items()}
HEADLINE = tuple(measure_key("cured", w) for w in reversed(WINDOWS))


@dataclass(frozen=True)
class Estimate:
    """A difference (treated − control) with its 95 % interval and the customers behind it."""

    measure: str
    treated: float | None
    control: float | None
    difference: float | None
    low: float | None
    high: float | None
    treated_n: int = 0
    control_n: int = 0

    @property
    def significant(self) -> bool:
        """The interval excludes zero."""
        return self.low is not None and self.high is not None and (
            self.low > 0 or self.high < 0)


@dataclass(frozen=True)
class Comparison:
    """Treated vs control on every measure whose window has closed."""

    treated_name: str
    control_name: str
    treated_n: int
    control_n: int
    estimates: list[Estimate]

    @property
    def too_small(self) -> bool:
        return min(self.treated_n, self.control_n) < MIN_GROUP

    def get(self, measure: str) -> Estimate | None:
        return next((e for e in self.estimates if e.measure == measure), None)


@dataclass(frozen=True)
class EffectFigures:
    """Everything the effect page, the API and the reports show, as plain values.

    Attributes
    ----------
    visits : Comparison
        Intention to treat: randomised to a visit vs randomised to the holdout.
    challenger : Comparison
        Challenger vs champion arm, both randomised to a visit.
    cace : list of Estimate
        Effect of a visit made (complier average causal effect), per measure.
    compliance : float or None
        Share of the visit arm actually visited minus share of the holdout visited.
    manual_n : int
        Hand-added customers (reported apart, not in any comparison).
    manual_means : dict
        Their mean outcome per measure.
    lifted : int
        Holdout customers whose lock a manager lifted (contamination).
    contaminated : int
        Holdout customers who were visited anyway.
    repeats, crossed : int
        Customers in several runs (counted once, in their first), and of those in both arms.
    mde : float or None
        Smallest difference in the 90-day cure rate the arms can detect (80 % power).
    """

    visits: Comparison
    challenger: Comparison
    cace: list[Estimate] = field(default_factory=list)
    compliance: float | None = None
    manual_n: int = 0
    manual_means: dict[str, float] = field(default_factory=dict)
    lifted: int = 0
    contaminated: int = 0
    repeats: int = 0
    crossed: int = 0
    mde: float | None = None


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if len(values) else None


def compare(treated: list[Unit], control: list[Unit], treated_name: str,
            control_name: str) -> Comparison:
    """Every measure for two groups: ITT with CUPED and a Neyman 95 % interval."""
    units = [*treated, *control]
    flagged = [Unit(u.customer_id, u.run_id, VISIT if i < len(treated) else "control",
                    u.arm, u.visited, u.pre, u.outcomes) for i, u in enumerate(units)]
    estimates = []
    for measure in MEASURES:
        y, is_t, _, pre = arrays(flagged, measure)
        if not len(y):
            continue
        found = itt(y, is_t, pre)
        estimates.append(Estimate(
            measure, _mean(y[is_t]), _mean(y[~is_t]),
            None if found is None else found.difference, None if found is None else found.low,
            None if found is None else found.high, int(is_t.sum()), int((~is_t).sum())))
    return Comparison(treated_name, control_name, len(treated), len(control), estimates)


def complier_effects(units: list[Unit]) -> list[Estimate]:
    """The effect of a visit made, per measure (visit arm vs holdout, visits as treatment)."""
    out = []
    for measure in MEASURES:
        y, is_t, visited, pre = arrays(units, measure)
        found = cace(y, is_t, visited, pre) if len(y) else None
        if found is not None:
            out.append(Estimate(measure, None, None, found.difference, found.low, found.high,
                                int(is_t.sum()), int((~is_t).sum())))
    return out


def _fmt(value: float, rate: bool) -> str:
    return f"{value * 100:.1f}" if rate else f"{value:,.2f}"


def _interval_text(e: Estimate, rate: bool) -> str:
    assert e.low is not None and e.high is not None
    low, high = _fmt(e.low, rate), _fmt(e.high, rate)
    joiner = "–" if e.low >= 0 else " 至 "
    return f"95% 置信区间 {low}{joiner}{high}"


def verdict(e: Estimate, comparison: Comparison, subject: str = "上门") -> str:
    """One Chinese sentence on an estimate, e.g. 「上门使 90 天内逾期转正常的比例提高 4.1 个
    百分点（95% 置信区间 2.0–6.2）。」, or why it cannot be judged."""
    name, _, rate = MEASURES[e.measure]
    if min(e.treated_n, e.control_n) < MIN_GROUP or e.difference is None or e.low is None:
        return (f"样本量不足（{comparison.treated_name} {e.treated_n} 人，"
                f"{comparison.control_name} {e.control_n} 人，每组至少需要 {MIN_GROUP} 人），"
                f"暂无法判断{subject}对{name}的影响。")
    unit = "个百分点" if rate else "元"
    interval = _interval_text(e, rate)
    if _fmt(abs(e.difference), rate) in ("0.0", "0.00"):
        sentence = f"{comparison.treated_name}与{comparison.control_name}的{name}相同（{interval}）"
    else:
        direction = "提高" if e.difference > 0 else "降低"
        sentence = (f"{subject}使 {name}{direction} {_fmt(abs(e.difference), rate)} "
                    f"{unit}（{interval}）")
    if not e.significant:
        return sentence + "，区间包含零，差异在统计上不显著。"
    return sentence + "。"


def headline(f: EffectFigures) -> str:
    """The sentence for the board: the longest closed cure window."""
    for measure in HEADLINE:
        e = f.visits.get(measure)
        if e is not None:
            return verdict(e, f.visits)
    if f.visits.treated_n == 0 and f.visits.control_n == 0:
        return "该计划尚无已审批的随机化筛选名单，暂无法评估上门效果。"
    return "尚无已满观察期（30 天）的随机化名单，暂无法评估上门效果。"


def caveats(f: EffectFigures) -> list[str]:
    """What the reader must know before repeating the figures."""
    out = []
    if f.visits.too_small:
        out.append(f"样本较小：拜访组 {f.visits.treated_n} 人、对照组 {f.visits.control_n} 人，"
                   "区间较宽，结论仅供参考。")
    if f.lifted or f.contaminated:
        out.append(f"对照组受到污染：{f.lifted} 名客户的对照锁定经审批解除，"
                   f"{f.contaminated} 名对照组客户仍被上门；按随机分组（意向性）计算，"
                   "效果可能被低估。")
    if f.repeats:
        out.append(f"{f.repeats} 名客户出现在多个筛选批次（其中 {f.crossed} 名分属不同组），"
                   "只按其首次随机分组计入。")
    if f.manual_n:
        out.append(f"人工添加的 {f.manual_n} 名客户未经随机分配，单独列示，不计入效果比较。")
    if f.compliance is not None and f.compliance < 0.999:
        out.append(f"拜访组中实际完成上门的比例比对照组高 {f.compliance * 100:.1f} 个百分点；"
                   "「实际上门的效果」= 意向性效果 ÷ 该比例，假设随机分组只通过上门影响结果。")
    return out
