"""Outcomes of one screened customer over fixed windows after a run, from account data.

Both arms are measured from the same facts — the customer's monthly repayment rows (all
accounts, summed per month: amount paid, worst days past due), regulator and other
complaints, and the cases of theirs that went to litigation — never from the visit
process, so a holdout customer without a case is measured exactly like a visited one.

A window of ``w`` days opens on the run's date ``d``: repayment months from the month of
``d`` up to (excluding) ``d + w``; complaints and litigation dated in ``[d, d + w)``. A
window counts only once it has closed (``d + w <= today``). Pure; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from doorstep.core.i18n import N_
from doorstep.screening.holdout import LOCK_DAYS
from doorstep.screening.holdout import bucket as bucket  # the learner's dpd bucket

WINDOWS = (30, 60, LOCK_DAYS)  # the last closes when the holdout lock ends
#: measure -> (zh-CN name, en name, is a rate)
BASE_MEASURES: dict[str, tuple[str, bool]] = {
    "cured": (N_("share cured (days past due back to 0)"), True),
    "repaid": (N_("amount repaid per customer"), False),
    "rolled": (N_("share rolled to a worse bucket"), True),
    "litigation": (N_("share with litigation filed"), True),
    "complaint": (N_("share who complained"), True),
}
PRE_MONTHS = 3


def measure_key(base: str, window: int) -> str:
    """``cured_90`` and the like."""
    return f"{base}_{window}"


@dataclass(frozen=True)
class History:
    """What the store knows of one customer around a run.

    Attributes
    ----------
    months : tuple of (date, float, int)
        ``(first day of month, amount paid, worst days past due)`` over their accounts.
    complaints, litigation : tuple of date
        Days a complaint was received, days a case of theirs went to litigation.
    """

    months: tuple[tuple[date, float, int], ...] = ()
    complaints: tuple[date, ...] = ()
    litigation: tuple[date, ...] = field(default=())


def _month_start(d: date) -> date:
    return d.replace(day=1)


def baseline_dpd(h: History, run_date: date) -> int:
    """Worst days past due of the last month before the run's month (0 if none)."""
    before = [m for m in h.months if m[0] < _month_start(run_date)]
    return max(before)[2] if before else 0


def pre_covariates(h: History, run_date: date) -> tuple[float, float]:
    """CUPED covariates from before the run: amount paid in the three months before the
    run's month, and whether the customer was current at the run (1/0)."""
    start = _month_start(run_date)
    earliest = _month_start(start - timedelta(days=PRE_MONTHS * 31 - 15))
    paid = sum(m[1] for m in h.months if earliest <= m[0] < start)
    return float(paid), 1.0 if baseline_dpd(h, run_date) == 0 else 0.0


def window_outcomes(h: History, run_date: date, today: date,
                    windows: tuple[int, ...] = WINDOWS) -> dict[str, float]:
    """The outcomes of every window that has closed by ``today`` (others are absent).

    Returns
    -------
    dict of str to float
        ``cured_w`` (the last month of the window has no days past due), ``repaid_w``
        (amount paid in the window's months), ``rolled_w`` (a month in the window in a worse
        bucket than at the run), ``litigation_w``, ``complaint_w`` (0/1 flags).
    """
    base = bucket(baseline_dpd(h, run_date))
    start = _month_start(run_date)
    out: dict[str, float] = {}
    for w in windows:
        end = run_date + timedelta(days=w)
        if end > today:
            continue
        inside = sorted(m for m in h.months if start <= m[0] < end)
        last_dpd = inside[-1][2] if inside else baseline_dpd(h, run_date)
        out[measure_key("cured", w)] = 1.0 if last_dpd == 0 else 0.0
        out[measure_key("repaid", w)] = float(sum(m[1] for m in inside))
        out[measure_key("rolled", w)] = 1.0 if any(bucket(m[2]) > base for m in inside) else 0.0
        out[measure_key("litigation", w)] = _flag(h.litigation, run_date, end)
        out[measure_key("complaint", w)] = _flag(h.complaints, run_date, end)
    return out


def _flag(days: tuple[date, ...], start: date, end: date) -> float:
    return 1.0 if any(start <= d < end for d in days) else 0.0
