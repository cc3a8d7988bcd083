"""Checks on the pipeline's input tables: a clear message naming what is wrong (pure)."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import numpy as np
import pandas as pd

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg
from doorstep.screening.features.spec import FEATURES, INPUT_TABLES, MONTHS

#: Amounts above this (in fen: 10 billion yuan) are absurd for one retail customer.
MAX_CENTS = 10**12
MAX_DAYS_PAST_DUE = 3650
_RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("accounts", "balance_cents"): (0, MAX_CENTS),
    ("accounts", "overdue_cents"): (0, MAX_CENTS),
    ("accounts", "days_past_due"): (0, MAX_DAYS_PAST_DUE),
    ("repayments", "due_cents"): (0, MAX_CENTS),
    ("repayments", "paid_cents"): (0, MAX_CENTS),
    ("repayments", "days_past_due"): (0, MAX_DAYS_PAST_DUE),
    ("repayments", "month_index"): (0, MONTHS - 1),
    ("complaints", "severity"): (1, 5),
    ("complaints", "dissatisfaction_micros"): (0, 1_000_000),
}


class InvalidInput(ValidationFailed):
    """An input table of the feature pipeline is malformed."""

    code = "screening.invalid_input"


def _check_columns(name: str, frame: pd.DataFrame) -> None:
    expected = INPUT_TABLES[name]
    unknown = sorted(set(map(str, frame.columns)) - set(expected))
    missing = [c for c in expected if c not in frame.columns]
    if unknown:
        raise InvalidInput(N_("Table %(table)s has unknown columns: %(unknown)s (expected: "
                              "%(expected)s)"), table=name, unknown=", ".join(unknown),
                           expected=", ".join(expected))
    if missing:
        raise InvalidInput(N_("Table %(table)s lacks columns: %(missing)s"), table=name,
                           missing=", ".join(missing))


def _check_ranges(name: str, frame: pd.DataFrame) -> None:
    for (table, column), (low, high) in _RANGES.items():
        if table != name or frame.empty:
            continue
        raw = frame[column]
        if (isinstance(raw.dtype, np.dtype) and raw.dtype.kind in "iu"
                and low <= raw.min() and raw.max() <= high):
            continue  # plain integers inside the range: one vectorised min/max, no row scan
        values = pd.to_numeric(raw, errors="coerce")
        bad = values.notna() & ((values < low) | (values > high))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            what = N_("negative") if values.iloc[row] < 0 else N_("out of range")
            raise InvalidInput(N_("%(table)s.%(column)s row %(row)s is %(what)s [%(low)s, "
                                  "%(high)s]: %(value)s (%(n)s rows in all)"),
                               table=name, column=column, row=row + 1, what=Msg(what), low=low,
                               high=high, value=values.iloc[row], n=int(bad.sum()))


#: Accounts whose repayment rows are not exactly the months 0 … 11 once each. With
#: ``month_index`` already checked to lie in 0 … 11, twelve rows whose bits ``1 << month``
#: OR to 4095 are twelve distinct months; one aggregate in DuckDB instead of a pandas
#: ``groupby().nunique()`` over every row (when the rows are not grouped by account).
_MONTH_GAPS_SQL = f"""
SELECT account_id, COUNT(*) OVER () AS n_bad FROM (
  SELECT account_id FROM repayments WHERE account_id IS NOT NULL GROUP BY account_id
  HAVING COUNT(*) <> {MONTHS}
      OR COALESCE(BIT_OR(1 << TRY_CAST(month_index AS INTEGER)), 0) <> {2**MONTHS - 1}
) t ORDER BY account_id LIMIT 1
"""


def _first_bad_account_sorted(repayments: pd.DataFrame) -> tuple[object, int] | None:
    """The months check in O(n) NumPy when rows come grouped by account (the usual order).

    Returns ``(first bad account, number of bad accounts)``, ``None`` when all are
    complete, or raises ``LookupError`` when the rows are not in that order.
    """
    ids, months = repayments["account_id"], repayments["month_index"]
    if not all(isinstance(c.dtype, np.dtype) and c.dtype.kind in "iu" for c in (ids, months)):
        raise LookupError
    a, m = ids.to_numpy(), months.to_numpy()
    if len(a) % MONTHS == 0:  # the repository's order: accounts ascending, months 0 … 11 each
        by_account, by_month = a.reshape(-1, MONTHS), m.reshape(-1, MONTHS)
        if (bool((by_month == np.arange(MONTHS)).all())
                and bool((by_account == by_account[:, :1]).all())
                and bool((by_account[1:, 0] > by_account[:-1, 0]).all())):
            return None
    step = np.diff(a)
    if not bool((step >= 0).all()):
        raise LookupError
    starts = np.flatnonzero(np.concatenate(([True], step != 0)))
    counts = np.diff(np.append(starts, len(a)))
    bits = np.bitwise_or.reduceat(np.left_shift(1, m.astype(np.int64)), starts)
    bad = (counts != MONTHS) | (bits != 2**MONTHS - 1)
    if not bool(bad.any()):
        return None
    return a[starts[bad][0]].item(), int(bad.sum())


def _check_months(repayments: pd.DataFrame) -> None:
    if repayments.empty:
        return
    try:
        first = _first_bad_account_sorted(repayments)
    except LookupError:
        with duckdb.connect(config={"threads": 2}) as con:
            con.register("repayments", repayments)  # read in place, not copied
            row = con.execute(_MONTH_GAPS_SQL).fetchone()
        first = None if row is None else (row[0], int(row[1]))
    if first is not None:
        account, n_bad = first
        have = set(repayments.loc[repayments["account_id"] == account, "month_index"])
        gaps = sorted(set(range(MONTHS)) - {int(m) for m in have})
        raise InvalidInput(
            N_("Account %(account)s lacks months %(gaps)s of the %(months)s-month window or has "
               "some twice (%(n)s accounts in all)"),
            account=account, gaps=str(gaps) if gaps else Msg(N_("(duplicates)")), months=MONTHS,
            n=n_bad)


def validate_inputs(inputs: Mapping[str, pd.DataFrame]) -> None:
    """Refuse input tables the pipeline cannot trust.

    Parameters
    ----------
    inputs : mapping of str to DataFrame
        One frame per table in :data:`~doorstep.screening.features.spec.INPUT_TABLES`.

    Raises
    ------
    InvalidInput
        Naming the table, column, row or account: unknown or missing tables and columns,
        negative or absurd amounts, an account without all 12 months of repayments.
    """
    unknown = sorted(set(inputs) - set(INPUT_TABLES))
    missing = [t for t in INPUT_TABLES if t not in inputs]
    if unknown or missing:
        raise InvalidInput(N_("Input tables do not match: unknown %(unknown)s, missing "
                              "%(missing)s"),
                           unknown=str(unknown), missing=str(missing))
    for name, frame in inputs.items():
        _check_columns(name, frame)
        _check_ranges(name, frame)
    _check_months(inputs["repayments"])


def normalise_output(frame: pd.DataFrame) -> pd.DataFrame:
    """Give an engine's result the declared column order and dtypes, sorted by customer."""
    out = frame[list(FEATURES)].copy()
    for name, kind in FEATURES.items():
        if kind == "int":
            out[name] = out[name].astype("Int64")
        elif kind == "float":
            out[name] = out[name].astype("float64")
        else:
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out.sort_values("customer_id", kind="stable").reset_index(drop=True)
