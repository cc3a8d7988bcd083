"""Extract the feature pipeline's input tables from the database, normalised (see features.spec).

Money becomes integer fen, dates whole days before the as-of day, repayment months an index
0..11 ending at the as-of month, text scores integer millionths.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Select, select

from doorstep.cases.model import OPEN_STATES
from doorstep.screening.features.spec import INPUT_TABLES, MONTHS
from doorstep.store.tables import accounts, cases, complaints, contacts, customers, repayments
from doorstep.store.tables import visits as visit_table


def _frame(conn: Connection, stmt: Select[Any], columns: Sequence[str]) -> pd.DataFrame:
    rows = conn.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def _cents(series: pd.Series) -> pd.Series:
    return (series.astype(float) * 100).round().astype("int64")


def _days_ago(series: pd.Series, as_of: date) -> pd.Series:
    day = pd.to_datetime(series).dt.normalize()
    return (pd.Timestamp(as_of) - day).dt.days.astype("int64")


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="Int64" if k == "int" else object)
                         for c, k in INPUT_TABLES[name].items()})


def _customers(conn: Connection, branch_ids: Sequence[int] | None) -> pd.DataFrame:
    stmt = select(customers.c.id, customers.c.branch_id, customers.c.do_not_visit,
                  customers.c.under_regulator_complaint)
    if branch_ids:
        stmt = stmt.where(customers.c.branch_id.in_(list(branch_ids)))
    out = _frame(conn, stmt, list(INPUT_TABLES["customers"]))
    for flag in ("do_not_visit", "under_regulator_complaint"):
        out[flag] = out[flag].astype(bool).astype("int64")
    return out


def _accounts(conn: Connection) -> pd.DataFrame:
    a = accounts.c
    out = _frame(conn, select(a.id, a.customer_id, a.business_line, a.balance, a.days_past_due,
                              a.overdue_amount), list(INPUT_TABLES["accounts"]))
    out["balance_cents"] = _cents(out["balance_cents"])
    out["overdue_cents"] = _cents(out["overdue_cents"])
    return out


def _repayments(conn: Connection, as_of: date) -> pd.DataFrame:
    r = repayments.c
    start = date(as_of.year - (1 if as_of.month < MONTHS else 0),
                 (as_of.month - MONTHS) % 12 + 1, 1)
    out = _frame(conn, select(r.account_id, r.month, r.amount_due, r.amount_paid,
                              r.days_past_due, r.promise_broken)
                 .where(r.month >= start, r.month <= as_of)
                 # grouped by account: validation then checks the months in one NumPy pass
                 .order_by(r.account_id, r.month), list(INPUT_TABLES["repayments"]))
    if out.empty:
        return _empty("repayments")
    month = pd.to_datetime(out["month_index"])
    out["month_index"] = (month.dt.year * 12 + month.dt.month
                          - (as_of.year * 12 + as_of.month) + MONTHS - 1).astype("int64")
    out["due_cents"], out["paid_cents"] = _cents(out["due_cents"]), _cents(out["paid_cents"])
    out["promise_broken"] = out["promise_broken"].astype(bool).astype("int64")
    return _fill_missing_months(out)


def _fill_missing_months(out: pd.DataFrame) -> pd.DataFrame:
    """A month a bank's file does not have (an account opened in the window, an export of
    six months) counts as nothing due, nothing paid, not past due; complete accounts (the
    usual case) pass through untouched and in order."""
    counts = out.groupby("account_id", sort=False)["month_index"].size()
    short = counts.index[counts < MONTHS]
    if len(short) == 0:
        return out
    full = pd.MultiIndex.from_product([short, range(MONTHS)], names=["account_id",
                                                                     "month_index"])
    have = pd.MultiIndex.from_frame(out.loc[out["account_id"].isin(short),
                                            ["account_id", "month_index"]])
    missing = full.difference(have).to_frame(index=False)
    for column in ("due_cents", "paid_cents", "days_past_due", "promise_broken"):
        missing[column] = 0
    filled = pd.concat([out, missing[out.columns]], ignore_index=True)
    filled = filled.astype({c: "int64" for c in out.columns})
    return filled.sort_values(["account_id", "month_index"], kind="stable").reset_index(
        drop=True)


def _complaints(conn: Connection, as_of: date) -> pd.DataFrame:
    k = complaints.c
    out = _frame(conn, select(k.id, k.customer_id, k.channel, k.severity, k.received_at,
                              k.dissatisfaction, k.strong_dissatisfaction),
                 list(INPUT_TABLES["complaints"]))
    if out.empty:
        return _empty("complaints")
    out["days_ago"] = _days_ago(out["days_ago"], as_of)
    micros = (pd.to_numeric(out["dissatisfaction_micros"]) * 1_000_000).round()
    out["dissatisfaction_micros"] = micros.astype("Int64")
    strong = out["strong_dissatisfaction"]
    out["strong_dissatisfaction"] = strong.map(lambda v: None if v is None else int(bool(v)))
    return out[out["days_ago"] >= 0].astype({"strong_dissatisfaction": "Int64"})


def _case_events(conn: Connection, as_of: date, kind: str) -> pd.DataFrame:
    if kind == "contacts":
        t, at = contacts, contacts.c.at
    else:
        t, at = visit_table, visit_table.c.created_at
    stmt = select(t.c.id, cases.c.customer_id, at, t.c.outcome).join(
        cases, cases.c.id == t.c.case_id)
    out = _frame(conn, stmt, list(INPUT_TABLES[kind]))
    if out.empty:
        return _empty(kind)
    out["days_ago"] = _days_ago(out["days_ago"], as_of)
    out["outcome"] = out["outcome"].map(lambda v: v or None)
    return out[out["days_ago"] >= 0]


def _cases(conn: Connection) -> pd.DataFrame:
    out = _frame(conn, select(cases.c.id, cases.c.customer_id, cases.c.state),
                 list(INPUT_TABLES["cases"]))
    open_values = {s.value for s in OPEN_STATES}
    out["is_open"] = out["is_open"].map(lambda s: int(s in open_values)).astype("int64")
    return out


def feature_inputs(conn: Connection, as_of: date | datetime,
                   branch_ids: Sequence[int] | None = None) -> dict[str, pd.DataFrame]:
    """The input tables of the feature pipeline as of the end of ``as_of``."""
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    custs = _customers(conn, branch_ids)
    keep = set(custs["customer_id"].tolist())
    inputs = {"customers": custs, "accounts": _accounts(conn),
              "repayments": _repayments(conn, day), "complaints": _complaints(conn, day),
              "contacts": _case_events(conn, day, "contacts"),
              "visits": _case_events(conn, day, "visits"), "cases": _cases(conn)}
    for name in ("accounts", "complaints", "contacts", "visits", "cases"):
        frame = inputs[name]
        inputs[name] = frame[frame["customer_id"].isin(keep)].reset_index(drop=True)
    accounts_kept = set(inputs["accounts"]["account_id"].tolist())
    rep = inputs["repayments"]
    inputs["repayments"] = rep[rep["account_id"].isin(accounts_kept)].reset_index(drop=True)
    return inputs
