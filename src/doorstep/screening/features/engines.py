"""The engines that execute the one feature definition: DuckDB (default) and Spark local mode."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Protocol

import duckdb
import numpy as np
import pandas as pd

from doorstep.core.errors import ValidationFailed
from doorstep.screening.features.spec import FEATURE_SQL, FEATURES, INPUT_TABLES
from doorstep.screening.features.validate import normalise_output, validate_inputs

ENGINES = ("duckdb", "spark")


class FeatureEngine(Protocol):
    """Runs :data:`~doorstep.screening.features.spec.FEATURE_SQL` over input frames."""

    name: str

    def run(self, inputs: Mapping[str, pd.DataFrame]) -> pd.DataFrame: ...


def _typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Input columns cast to the declared types (nullable integers, strings)."""
    out = frame.copy()
    for column, kind in INPUT_TABLES[name].items():
        out[column] = out[column].astype("Int64" if kind == "int" else
                                         "float64" if kind == "float" else object)
    return out


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

    def __init__(self, threads: int = 2) -> None:
        if threads < 1:
            raise ValidationFailed("threads 须 ≥ 1")
        self.threads = threads

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


_SPARK: Any = None


def _spark_session() -> Any:
    global _SPARK
    if _SPARK is None:
        from pyspark.sql import SparkSession

        _SPARK = (SparkSession.builder.master("local[2]").appName("doorstep-screening")
                  .config("spark.sql.shuffle.partitions", "4")
                  .config("spark.ui.enabled", "false")
                  .config("spark.sql.session.timeZone", "UTC")
                  .config("spark.ui.showConsoleProgress", "false")
                  .config("spark.ui.enabled", "false")
                  .config("spark.sql.shuffle.partitions", "4")
                  .config("spark.default.parallelism", "2")
                  .config("spark.driver.memory", "2g").getOrCreate())
        _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


def _spark_schema(name: str) -> Any:
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    kinds = {"int": LongType(), "str": StringType()}
    return StructType([StructField(c, kinds[k], True) for c, k in INPUT_TABLES[name].items()])


class SparkEngine:
    """Apache Spark SQL in local mode (``local[2]``), the same SQL text as DuckDB."""

    name = "spark"

    def run(self, inputs: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        """Validate the inputs and compute the features with Spark SQL.

        Parameters
        ----------
        inputs : mapping of str to DataFrame
            The tables of :data:`~doorstep.screening.features.spec.INPUT_TABLES`.

        Returns
        -------
        DataFrame
            Identical to :meth:`DuckDbEngine.run` on the same inputs.
        """
        validate_inputs(inputs)
        with warnings.catch_warnings():  # PySpark warns about pandas 3; rows go as tuples
            warnings.simplefilter("ignore")
            spark = _spark_session()
            for name, frame in inputs.items():
                typed = _typed(name, frame).astype(object)
                rows = typed.where(typed.notna(), None).itertuples(index=False, name=None)
                spark.createDataFrame(list(rows), schema=_spark_schema(name)) \
                    .createOrReplaceTempView(name)
            result = spark.sql(FEATURE_SQL).collect()
        return normalise_output(pd.DataFrame([tuple(r) for r in result], columns=list(FEATURES)))


def make_engine(name: str, threads: int = 2) -> FeatureEngine:
    """The engine called ``name`` (``duckdb`` or ``spark``)."""
    if name == "duckdb":
        return DuckDbEngine(threads)
    if name == "spark":
        return SparkEngine()
    raise ValidationFailed(f"未知计算引擎 / unknown engine {name!r}"
                           "（可选 / choose: duckdb, spark）")
