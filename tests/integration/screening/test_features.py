"""The feature pipeline on a demo bank: both engines identical, bad input refused."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from doorstep.container import Container
from doorstep.screening.features import FEATURES, InvalidInput, make_engine, validate_inputs

AS_OF = date(2026, 11, 30)


def _inputs(c: Container) -> dict[str, pd.DataFrame]:
    with c.uow(write=False) as uow:
        inputs: dict[str, pd.DataFrame] = uow.screening.feature_inputs(AS_OF, None)
    return inputs


def test_duckdb_and_spark_give_identical_rows(demo_bank: Container) -> None:
    """DuckDB and Spark compute the same features, row by row and bit for bit."""
    inputs = _inputs(demo_bank)
    duck = make_engine("duckdb").run(inputs)
    spark = make_engine("spark").run(inputs)
    assert list(duck.columns) == list(FEATURES) and len(duck) == 1200
    assert duck["days_past_due"].max() > 0 and duck["complaints_365d"].sum() > 0
    pd.testing.assert_frame_equal(duck, spark, check_exact=True)


def test_bad_inputs_name_what_is_wrong(demo_bank: Container) -> None:
    """Unknown columns, negative amounts and missing months are refused by name."""
    inputs = _inputs(demo_bank)
    extra = {**inputs, "accounts": inputs["accounts"].assign(secret=1)}
    with pytest.raises(InvalidInput, match="secret"):
        validate_inputs(extra)
    negative = inputs["repayments"].copy()
    negative.loc[0, "paid_cents"] = -5
    with pytest.raises(InvalidInput, match="paid_cents"):
        validate_inputs({**inputs, "repayments": negative})
    gap = inputs["repayments"][inputs["repayments"]["month_index"] != 4]
    with pytest.raises(InvalidInput, match=r"\[4\]"):
        validate_inputs({**inputs, "repayments": gap})
