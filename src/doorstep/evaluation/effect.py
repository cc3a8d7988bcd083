"""Effect of visits: visited against the randomised holdout, with seeded bootstrap intervals.

Each screened customer carries outcome flags (resolved, escalated, litigation) and the
amount recovered since screening. The effect of a measure is ``mean(visited) −
mean(holdout)``; its 95 % interval is the 2.5 and 97.5 percentiles of that difference over
bootstrap resamples of each group (explicit seed, so a report is reproducible).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Below this many customers in either group the effect is not judged.
MIN_GROUP = 30
DEFAULT_RESAMPLES = 2000
_CHUNK = 200

#: measure -> (zh-CN name, en name, is a rate)
MEASURES: dict[str, tuple[str, str, bool]] = {
    "resolved": ("化解率", "resolution rate", True),
    "escalated": ("升级率", "escalation rate", True),
    "litigation": ("诉讼率", "litigation rate", True),
    "recovered": ("人均回收金额", "amount recovered per customer", False),
}


@dataclass(frozen=True)
class Outcomes:
    """Per-customer outcomes of one group, as parallel arrays (flags are 0/1)."""

    resolved: np.ndarray
    escalated: np.ndarray
    litigation: np.ndarray
    recovered: np.ndarray

    @property
    def n(self) -> int:
        return len(self.resolved)

    @classmethod
    def of(cls, rows: list[tuple[bool, bool, bool, float]]) -> Outcomes:
        """From ``(resolved, escalated, litigation, recovered)`` rows."""
        data = np.array(rows, dtype=float).reshape(-1, 4)
        return cls(*(data[:, i].copy() for i in range(4)))


@dataclass(frozen=True)
class Estimate:
    """A difference (treated − control) with its 95 % bootstrap interval."""

    measure: str
    treated: float | None
    control: float | None
    difference: float | None
    low: float | None
    high: float | None

    @property
    def significant(self) -> bool:
        """The interval excludes zero."""
        return self.low is not None and self.high is not None and (
            self.low > 0 or self.high < 0)


@dataclass(frozen=True)
class Comparison:
    """Treated vs control on every measure, and whether the sample can tell."""

    treated_name: str
    control_name: str
    treated_n: int
    control_n: int
    estimates: list[Estimate]

    @property
    def too_small(self) -> bool:
        return min(self.treated_n, self.control_n) < MIN_GROUP


def bootstrap_difference(treated: np.ndarray, control: np.ndarray, seed: int,
                         resamples: int = DEFAULT_RESAMPLES) -> tuple[float, float, float]:
    """Difference in means and its 95 % percentile bootstrap interval.

    Parameters
    ----------
    treated, control : numpy.ndarray
        One value per customer; neither may be empty.
    seed : int
        Seeds the resampling; the same inputs and seed give the same interval.
    resamples : int, default 2000
        Number of bootstrap resamples.

    Returns
    -------
    tuple of float
        ``(difference, low, high)``.
    """
    if len(treated) == 0 or len(control) == 0:
        raise ValueError("both groups need at least one customer")
    rng = np.random.default_rng(seed)
    diffs = []
    for start in range(0, resamples, _CHUNK):
        size = min(_CHUNK, resamples - start)
        t = treated[rng.integers(0, len(treated), (size, len(treated)))].mean(axis=1)
        c = control[rng.integers(0, len(control), (size, len(control)))].mean(axis=1)
        diffs.append(t - c)
    spread = np.concatenate(diffs)
    low, high = np.percentile(spread, [2.5, 97.5])
    return float(treated.mean() - control.mean()), float(low), float(high)


def compare(treated: Outcomes, control: Outcomes, seed: int, treated_name: str,
            control_name: str, resamples: int = DEFAULT_RESAMPLES) -> Comparison:
    """Every measure of :data:`MEASURES` for two groups (no interval if a group is empty)."""
    estimates = []
    for i, measure in enumerate(MEASURES):
        t, c = getattr(treated, measure), getattr(control, measure)
        if len(t) == 0 or len(c) == 0:
            estimates.append(Estimate(measure, _mean(t), _mean(c), None, None, None))
            continue
        diff, low, high = bootstrap_difference(t, c, seed + i, resamples)
        estimates.append(Estimate(measure, _mean(t), _mean(c), diff, low, high))
    return Comparison(treated_name, control_name, treated.n, control.n, estimates)


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if len(values) else None


def _amount(value: float, rate: bool) -> str:
    return f"{abs(value) * 100:.1f} 个百分点" if rate else f"{abs(value):,.2f} 元"


def _signed(value: float, rate: bool) -> str:
    return f"{value * 100:+.1f}" if rate else f"{value:+,.2f}"


def verdict(e: Estimate, comparison: Comparison, subject: str = "上门拜访") -> str:
    """A plain-language Chinese sentence on one estimate, with its interval or a warning."""
    name, _, rate = MEASURES[e.measure]
    if comparison.too_small or e.difference is None or e.low is None or e.high is None:
        return (f"样本量不足（{comparison.treated_name} {comparison.treated_n} 人，"
                f"{comparison.control_name} {comparison.control_n} 人，每组至少需要 "
                f"{MIN_GROUP} 人），暂无法判断{subject}对{name}的影响。")
    unit = "个百分点" if rate else "元"
    interval = (f"95% 置信区间 {_signed(e.low, rate)} 至 {_signed(e.high, rate)} {unit}")
    if abs(e.difference) < 1e-9:
        sentence = f"{comparison.treated_name}与{comparison.control_name}的{name}相同（{interval}）"
    else:
        direction = "提高" if e.difference > 0 else "降低"
        sentence = f"{subject}使{name}{direction} {_amount(e.difference, rate)}（{interval}）"
    if not e.significant:
        return sentence + "，区间包含零，差异在统计上不显著。"
    return sentence + "。"
