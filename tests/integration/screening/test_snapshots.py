"""Parquet snapshots of the portfolio (the import step's `write_portfolio_snapshot`): DuckDB's
features from a snapshot equal its features from the same tables in memory."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from doorstep.container import Container
from doorstep.screening.features import INPUT_TABLES, InvalidInput, make_engine
from doorstep.screening.features.validate import normalise_output
from doorstep.screening.lake import Storage, read_frame, write_portfolio_snapshot, write_snapshot

AS_OF = date(2026, 11, 30)


def test_snapshot_features_equal_in_memory_features(demo_bank: Container,
                                                    tmp_path: Path) -> None:
    """A snapshot holds one Parquet folder per input table; DuckDB reads it out of core and
    writes features identical (bit for bit) to `run` on the in-memory tables."""
    storage = Storage(str(tmp_path / "lake"))
    with demo_bank.uow(write=False) as uow:
        where = write_portfolio_snapshot(uow, storage, AS_OF)
        inputs = uow.screening.feature_inputs(AS_OF, None)
    assert where.startswith(str(tmp_path / "lake" / "portfolio" / "as_of=2026-11-30"))
    assert {p.name for p in Path(where).iterdir()} == set(INPUT_TABLES)
    engine = make_engine("duckdb")
    out = engine.features(storage, where, str(tmp_path / "features"))
    from_parquet = normalise_output(read_frame(storage, out))
    pd.testing.assert_frame_equal(from_parquet, engine.run(inputs), check_exact=True)


def test_invalid_tables_are_not_snapshotted(demo_bank: Container, tmp_path: Path) -> None:
    """A snapshot is validated before it is written: a negative amount is refused by name and
    nothing is left at the location."""
    with demo_bank.uow(write=False) as uow:
        inputs = uow.screening.feature_inputs(AS_OF, None)
    bad = inputs["accounts"].copy()
    bad.loc[0, "balance_cents"] = -1
    with pytest.raises(InvalidInput, match="balance_cents"):
        write_snapshot(Storage(str(tmp_path)), {**inputs, "accounts": bad}, "bad")
    assert not (tmp_path / "bad").exists()
