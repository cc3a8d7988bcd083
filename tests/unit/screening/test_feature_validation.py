"""Input validation of the feature pipeline: the fast paths refuse what the row scans refused."""

from __future__ import annotations

import pandas as pd
import pytest

from doorstep.screening.features import INPUT_TABLES, InvalidInput, make_engine, validate_inputs


def _inputs(accounts: int = 3) -> dict[str, pd.DataFrame]:
    ids = list(range(1, accounts + 1))
    empty = {name: pd.DataFrame({c: pd.Series(dtype="int64" if k == "int" else object)
                                 for c, k in cols.items()})
             for name, cols in INPUT_TABLES.items()}
    months = [(a, m) for a in ids for m in range(12)]
    return {**empty,
            "customers": pd.DataFrame({"customer_id": ids, "branch_id": 1, "do_not_visit": 0,
                                       "under_regulator_complaint": 0}),
            "accounts": pd.DataFrame({"account_id": ids, "customer_id": ids,
                                      "business_line": "loan", "balance_cents": 100_00,
                                      "days_past_due": 0, "overdue_cents": 0}),
            "repayments": pd.DataFrame({"account_id": [a for a, _ in months],
                                        "month_index": [m for _, m in months],
                                        "due_cents": 10_00, "paid_cents": 10_00,
                                        "days_past_due": [m * a for a, m in months],
                                        "promise_broken": 0})}


@pytest.mark.parametrize("shuffle", [False, True], ids=["grouped-numpy", "unordered-duckdb"])
def test_missing_and_duplicate_months_are_named(shuffle: bool) -> None:
    """Both the grouped NumPy pass and the DuckDB aggregate name the first bad account."""
    inputs = _inputs()
    rep = inputs["repayments"]
    gap = rep[~((rep["account_id"] == 2) & (rep["month_index"] == 4))]
    dup = rep.copy()
    dup.loc[(dup["account_id"] == 3) & (dup["month_index"] == 7), "month_index"] = 6
    for bad, message in ((gap, r"账户 2 .*\[4\].*共 1 个账户"), (dup, r"账户 3 .*\[7\]")):
        frame = bad.sample(frac=1, random_state=1) if shuffle else bad
        with pytest.raises(InvalidInput, match=message):
            validate_inputs({**inputs, "repayments": frame})
    validate_inputs({**inputs, "repayments": rep.sample(frac=1, random_state=2)})


def test_out_of_range_names_the_row() -> None:
    """A negative amount is found by min/max and then named by its row."""
    inputs = _inputs()
    rep = inputs["repayments"].copy()
    rep.loc[17, "paid_cents"] = -5
    with pytest.raises(InvalidInput, match=r"paid_cents 第 18 行取值负数"):
        validate_inputs({**inputs, "repayments": rep})


def test_duckdb_result_has_the_declared_dtypes_in_customer_order() -> None:
    """Customers come back sorted, ints as nullable Int64, text as object with None."""
    inputs = _inputs()
    inputs["customers"] = inputs["customers"].iloc[::-1].reset_index(drop=True)
    out = make_engine("duckdb").run(inputs)
    assert out["customer_id"].tolist() == [1, 2, 3]
    assert str(out["days_since_complaint"].dtype) == "Int64"
    assert out["days_since_complaint"].isna().all()
    assert out["last_visit_outcome"].dtype == object and out["last_visit_outcome"].iloc[0] is None
    assert out["max_days_past_due_12m"].tolist() == [11, 22, 33]
