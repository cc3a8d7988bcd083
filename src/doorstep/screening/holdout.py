"""The holdout lock's rule and the randomised history's vocabulary, owned by screening.

A screening run draws a random holdout; a held-out customer stays out of later runs and
hand-opened visit cases until the longest outcome window closes (:data:`LOCK_DAYS` after the
run's approval). Evaluation measures the holdout over windows that end at :data:`LOCK_DAYS`
(``evaluation.outcomes.WINDOWS``), lets a programme manager lift a lock
(``evaluation.holdout_lock``), and hands the uplift learner its history as
:class:`UpliftRow` s through the ``uow.evaluation`` port. Screening imports nothing of
evaluation: the dependency points one way, evaluation → screening (issue 14).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from doorstep.core.clock import local, utc
from doorstep.core.errors import Conflict
from doorstep.core.i18n import N_, codes
from doorstep.core.uow import UnitOfWork

#: Days after a run's approval until its holdout is measured (the longest outcome window).
LOCK_DAYS = 90

codes({
    'evaluation.holdout_locked': N_(
        'Customer %(customer_id)s is in a random holdout until %(until)s: no visit or new '
        'list before then; a programme manager may request a lift'),
})


class HoldoutLocked(Conflict):
    code = "evaluation.holdout_locked"


def bucket(days_past_due: int) -> int:
    """Delinquency bucket: 0 current, M1 (1–30 days) … M6+."""
    return 0 if days_past_due <= 0 else min(6, (days_past_due - 1) // 30 + 1)


@dataclass(frozen=True)
class UpliftRow:
    """One randomised customer of a past run, for training or testing the uplift model."""

    run_id: int
    run_day: date
    treated: bool
    risk: float
    bucket: int
    amount: float
    outcome: float


def locks(held: Iterable[Any], lifted: set[tuple[int, int]],
          today: date) -> dict[int, tuple[int, date]]:
    """Pure: customer -> (run, last locked day) for every holdout row whose window is still
    open on ``today`` and whose lock was not lifted (the latest-closing run wins)."""
    out: dict[int, tuple[int, date]] = {}
    for customer_id, run_id, approved_at in held:
        if approved_at is None or (int(customer_id), int(run_id)) in lifted:
            continue
        until = local(utc(approved_at)).date() + timedelta(days=LOCK_DAYS)
        if until > today and (customer_id not in out or out[customer_id][1] < until):
            out[int(customer_id)] = (int(run_id), until)
    return out


def locked_customers(uow: UnitOfWork, customer_ids: Iterable[int] | None = None
                     ) -> dict[int, tuple[int, date]]:
    """Customers under a holdout lock today (all, or among ``customer_ids``)."""
    ids = None if customer_ids is None else sorted(set(customer_ids))
    today = local(uow.clock.now()).date()
    return locks(uow.evaluation.held_out_since(ids), uow.evaluation.approved_lifts(ids), today)


def refuse_if_locked(uow: UnitOfWork, customer_id: int) -> None:
    """Raise :class:`HoldoutLocked` if the customer may not be visited yet."""
    found = locked_customers(uow, [customer_id]).get(customer_id)
    if found is not None:
        raise HoldoutLocked(customer_id=customer_id, until=found[1].isoformat())
