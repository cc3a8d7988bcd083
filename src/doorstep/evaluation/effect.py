"""Effect of visits: the randomised visit arm against the holdout, in plain words.

Every measure of :data:`MEASURES` (five outcomes over 30, 60 and 90 days) is estimated by
intention to treat with CUPED and a Neyman 95 % interval (:mod:`doorstep.evaluation.itt`);
the effect of a visit actually made (CACE) comes second. The verdicts are sentences a
programme manager can repeat (gettext messages, in the reader's language), with the caveats
when the sample is small or contaminated. Pure; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from doorstep.core.i18n import N_, Msg, _
from doorstep.evaluation.itt import VISIT, Unit, arrays, cace, itt
from doorstep.evaluation.outcomes import BASE_MEASURES, WINDOWS, measure_key

#: Below this many customers in either group the effect is not judged.
MIN_GROUP = 30

class Measure(NamedTuple):
    """One outcome over one window: what (a msgid), the days and whether it is a rate."""

    what: str
    days: int
    rate: bool

    def name(self) -> str:
        """E.g. "share cured (days past due back to 0) within 90 days", in the current
        language."""
        return _("%(what)s within %(days)s days", what=Msg(self.what), days=self.days)


#: measure key (``cured_90``) -> its measure, the headline first.
MEASURES: dict[str, Measure] = {
    measure_key(base, w): Measure(what, w, rate)
    for w in reversed(WINDOWS) for base, (what, rate) in BASE_MEASURES.items()}
#: The groups the comparisons name (msgids, translated where shown).
VISIT_GROUP, HOLDOUT_GROUP = N_("visit group"), N_("holdout group")
CHALLENGER, CHAMPION = N_("challenger strategy"), N_("champion strategy")
VISITS_SUBJECT = N_("Visits")
CHALLENGER_SUBJECT = N_("The challenger strategy (against the champion)")
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
    if e.low >= 0:
        return _("95%% confidence interval %(low)s–%(high)s", low=low, high=high)
    return _("95%% confidence interval %(low)s to %(high)s", low=low, high=high)


def verdict(e: Estimate, comparison: Comparison, subject: str = VISITS_SUBJECT) -> str:
    """One sentence on an estimate in the current language, e.g. "Visits raise the share cured
    (days past due back to 0) within 90 days by 4.1 points (95% confidence interval 2.0–6.2).",
    or why it cannot be judged. ``subject`` is a msgid."""
    measure = MEASURES[e.measure]
    name, rate = measure.name(), measure.rate
    treated, control = _(comparison.treated_name), _(comparison.control_name)
    if min(e.treated_n, e.control_n) < MIN_GROUP or e.difference is None or e.low is None:
        return _("Too few customers (%(treated)s %(treated_n)s, %(control)s %(control_n)s; "
                 "each group needs at least %(need)s) to judge the effect of %(subject)s on "
                 "%(name)s.", treated=treated, treated_n=e.treated_n, control=control,
                 control_n=e.control_n, need=MIN_GROUP, subject=Msg(subject), name=name)
    interval = _interval_text(e, rate)
    size = _fmt(abs(e.difference), rate)
    if size in ("0.0", "0.00"):
        sentence = _("%(treated)s and %(control)s have the same %(name)s (%(interval)s)",
                     treated=treated, control=control, name=name, interval=interval)
    elif rate:
        sentence = _(UP_POINTS if e.difference > 0 else DOWN_POINTS, subject=Msg(subject),
                     name=name, size=size, interval=interval)
    else:
        sentence = _(UP_YUAN if e.difference > 0 else DOWN_YUAN, subject=Msg(subject),
                     name=name, size=size, interval=interval)
    if not e.significant:
        return _("%(sentence)s; the interval contains zero, the difference is not statistically "
                 "significant.", sentence=sentence)
    return _("%(sentence)s.", sentence=sentence)


UP_POINTS = N_("%(subject)s raise %(name)s by %(size)s points (%(interval)s)")
DOWN_POINTS = N_("%(subject)s lower %(name)s by %(size)s points (%(interval)s)")
UP_YUAN = N_("%(subject)s raise %(name)s by %(size)s yuan (%(interval)s)")
DOWN_YUAN = N_("%(subject)s lower %(name)s by %(size)s yuan (%(interval)s)")


def headline(f: EffectFigures) -> str:
    """The sentence for the board: the longest closed cure window."""
    for measure in HEADLINE:
        e = f.visits.get(measure)
        if e is not None:
            return verdict(e, f.visits)
    if f.visits.treated_n == 0 and f.visits.control_n == 0:
        return _("This plan has no approved randomised screening list yet; the effect of "
                 "visits cannot be judged.")
    return _("No randomised list has finished its 30-day observation period yet; the effect "
             "of visits cannot be judged.")


def caveats(f: EffectFigures) -> list[str]:
    """What the reader must know before repeating the figures (current language)."""
    out = []
    if f.visits.too_small:
        out.append(_("Small sample: %(treated)s in the visit group and %(control)s in the "
                     "holdout; the intervals are wide and the conclusion is only indicative.",
                     treated=f.visits.treated_n, control=f.visits.control_n))
    if f.lifted or f.contaminated:
        out.append(_("The holdout is contaminated: the lock of %(lifted)s customers was lifted "
                     "on approval and %(visited)s holdout customers were visited anyway; "
                     "counted by random assignment (intention to treat), the effect may be "
                     "underestimated.", lifted=f.lifted, visited=f.contaminated))
    if f.repeats:
        out.append(_("%(repeats)s customers appear in several screening runs (%(crossed)s of "
                     "them in different groups); each counts once, by its first random "
                     "assignment.", repeats=f.repeats, crossed=f.crossed))
    if f.manual_n:
        out.append(_("%(n)s customers added by hand were not randomised; they are shown apart "
                     "and left out of the comparison.", n=f.manual_n))
    if f.compliance is not None and f.compliance < 0.999:
        out.append(_("The share actually visited is %(points)s points higher in the visit group "
                     "than in the holdout; \"effect of a visit made\" = intention-to-treat "
                     "effect ÷ that share, assuming random assignment acts only through the "
                     "visit.", points=f"{f.compliance * 100:.1f}"))
    return out
