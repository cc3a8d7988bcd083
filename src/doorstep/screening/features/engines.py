"""The engines that execute the one feature definition: DuckDB (default) and Spark.

Each engine has two ways in: ``run(inputs)`` on pandas frames (training, small checks) and,
for screening runs, ``features(storage, snapshot, out)`` + ``score(storage, features, scorer,
out)`` from and to Parquet at a :class:`~doorstep.screening.lake.Storage` location — DuckDB
out of core in this process, Spark on its cluster (``features.spark``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import duckdb
import numpy as np
import pandas as pd

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.screening.features.spec import FEATURE_SQL, FEATURES, INPUT_TABLES
from doorstep.screening.features.validate import validate_inputs

if TYPE_CHECKING:
    from doorstep.screening.lake import Storage
    from doorstep.screening.pipeline import Scorer

ENGINES = ("duckdb", "spark")


class FeatureEngine(Protocol):
    """Runs :data:`~doorstep.screening.features.spec.FEATURE_SQL` over input frames."""

    name: str

    def run(self, inputs: Mapping[str, pd.DataFrame]) -> pd.DataFrame: ...

    def features(self, storage: Storage, snapshot: str, out: str) -> str: ...

    def score(self, storage: Storage, features: str, scorer: Scorer, out: str) -> str: ...


def _column(kind: str, values: Any) -> Any:
    """One DuckDB result column (``fetchnumpy``) as the dtype ``normalise_output`` gives."""
    mask = np.ma.getmaskarray(values)
    data = np.ma.getdata(values)
    if kind == "int":
        return pd.arrays.IntegerArray(data.astype(np.int64, copy=False), mask)
    if kind == "float":
        out = data.astype(np.float64)
        out[mask] = np.nan
        return out
    out = data.astype(object)
    out[mask] = None
    return pd.Series(out, dtype=object, copy=False)


class DuckDbEngine:
    """DuckDB in process: validates and reads the pandas input frames in place (no copy)."""

    name = "duckdb"

    def __init__(self, threads: int = 2, memory_limit: str = "2GB") -> None:
        if threads < 1:
            raise ValidationFailed(N_("threads must be at least 1"))
        self.threads = threads
        self.memory_limit = memory_limit

    def run(self, inputs: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        """Validate the inputs and compute one feature row per customer.

        The frames are registered with DuckDB as views (scanned in place), the result comes
        back as NumPy arrays (``fetchnumpy``) and is wrapped in the output dtypes without a
        second pass; the frame is identical to ``normalise_output`` of ``.df()``.

        Parameters
        ----------
        inputs : mapping of str to DataFrame
            The tables of :data:`~doorstep.screening.features.spec.INPUT_TABLES`.

        Returns
        -------
        DataFrame
            Columns of :data:`~doorstep.screening.features.spec.FEATURES`, by customer id.
        """
        validate_inputs(inputs)
        con = duckdb.connect(config={"threads": self.threads})
        try:
            for name, frame in inputs.items():
                con.register(name, frame)
            arrays = con.execute(FEATURE_SQL).fetchnumpy()
        finally:
            con.close()
        out = pd.DataFrame({name: _column(kind, arrays[name]) for name, kind in FEATURES.items()},
                           copy=False)
        ids = out["customer_id"].to_numpy(np.int64, na_value=0)
        if len(ids) > 1 and not bool((ids[1:] >= ids[:-1]).all()):
            out = out.sort_values("customer_id", kind="stable").reset_index(drop=True)
        return out


    def features(self, storage: Storage, snapshot: str, out: str) -> str:
        """Features of a Parquet snapshot, written as Parquet to ``out`` (out of core).

        DuckDB spills to a temporary folder beyond ``memory_limit``; the result streams
        from the query into the Parquet writer in record batches.

        Returns
        -------
        str
            ``out``, a folder with ``part-0.parquet``.
        """
        from doorstep.screening import lake

        with tempfile.TemporaryDirectory(prefix="doorstep-duckdb-") as spill:
            con = duckdb.connect(config={"threads": self.threads, "temp_directory": spill,
                                         "memory_limit": self.memory_limit})
            try:
                for name in INPUT_TABLES:
                    where = f"{snapshot}/{name}"
                    if storage.remote:
                        con.register(name, lake.dataset(storage, where))
                    else:
                        files = [f.replace("'", "''") for f in lake.table_files(storage, where)[1]]
                        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet("
                                    f"[{', '.join(repr(f) for f in files)}])")
                if storage.remote:
                    reader = con.sql(FEATURE_SQL).to_arrow_reader(100_000)
                    lake.write_batches(storage, out, reader.schema, reader)
                else:  # DuckDB writes the file itself, within its memory limit
                    folder = Path(storage.filesystem(out)[1])
                    folder.mkdir(parents=True, exist_ok=True)
                    target = str(folder / "part-0.parquet").replace("'", "''")
                    con.execute(f"COPY ({FEATURE_SQL}) TO '{target}' (FORMAT PARQUET)")
            finally:
                con.close()
        return out

    def score(self, storage: Storage, features: str, scorer: Scorer, out: str) -> str:
        """Score a features folder batch by batch in this process; scores as Parquet."""
        from doorstep.screening import lake

        frames: Iterable[pd.DataFrame] = scorer.score(lake.iter_frames(storage, features))
        lake.write_frames(storage, out, lake.SCORES, frames)
        return out


def make_engine(name: str, threads: int = 2, master: str | None = None) -> FeatureEngine:
    """The engine called ``name`` (``duckdb`` or ``spark`` on ``master``, default local)."""
    if name == "duckdb":
        return DuckDbEngine(threads)
    if name == "spark":
        from doorstep.screening.features.spark import SparkEngine

        return SparkEngine(master or "local[2]")
    raise ValidationFailed(N_("unknown engine %(name)s (choose: duckdb, spark)"), name=repr(name))
