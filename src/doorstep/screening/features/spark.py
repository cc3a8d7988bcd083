"""Apache Spark: the same feature SQL as DuckDB, on the master named by a setting.

``DOORSTEP_SPARK_MASTER`` is ``local[2]`` (default), ``local[*]``, ``spark://host:7077``
(standalone cluster), ``yarn`` or ``k8s://https://…``. For screening runs the executors read
the portfolio snapshot from Parquet themselves (``features``), score it in Python workers
(``score``, a ``mapInPandas`` over the feature rows) and write features and scores back as
Parquet: no input or feature row passes through the driver.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from doorstep.screening.features.spec import FEATURE_SQL, FEATURES, INPUT_TABLES
from doorstep.screening.features.validate import normalise_output, validate_inputs

if TYPE_CHECKING:
    from doorstep.screening.lake import Storage
    from doorstep.screening.pipeline import Scorer

_SESSION: dict[str, Any] = {}
_GATEWAY: dict[str, str] = {}  # the jars on the class path of the JVM pyspark started


def spark_session(master: str, executor_memory: str = "2g", executor_cores: int = 1,
                  jars: str = "") -> Any:
    """The process's Spark session on ``master`` (a session on another master is stopped);
    ``jars`` (the JDBC driver) go to the driver and the executors."""
    from pyspark.sql import SparkSession

    if _SESSION.get("master") == master and _SESSION.get("jars") == jars:
        return _SESSION["spark"]
    if "spark" in _SESSION:
        _SESSION.pop("spark").stop()
        _SESSION.clear()
    if jars and _GATEWAY.get("jars") != jars:
        _shut_gateway()  # the driver's class path is fixed when its JVM starts
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # same venv on a local cluster
    builder = (SparkSession.builder.master(master).appName("doorstep-screening")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4" if master.startswith("local")
                       else "16")
               .config("spark.driver.memory", "2g")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true"))
    if jars:
        builder = builder.config("spark.jars", jars)
    if not master.startswith("local"):
        builder = (builder.config("spark.executor.memory", executor_memory)
                   .config("spark.executor.cores", str(executor_cores)))
        path = _executor_pythonpath()
        if path:  # executors import doorstep the way the driver does
            builder = builder.config("spark.executorEnv.PYTHONPATH", path)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    _SESSION.update(master=master, spark=spark, jars=jars)
    _GATEWAY.setdefault("jars", jars)
    return spark


def _shut_gateway() -> None:
    """Stop the JVM behind pyspark, so the next session starts one whose class path holds the
    JDBC driver: ``spark.jars`` reaches the driver's class loader only when its JVM starts,
    and a JVM left by an earlier session (stopped, but alive) would not find the driver."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is not None:
        active = SparkContext._active_spark_context
        if active is not None:
            active.stop()
        gateway.shutdown()
        SparkContext._gateway = None
        SparkContext._jvm = None
    _GATEWAY.clear()


def _executor_pythonpath() -> str:
    """This checkout's ``src`` (when not installed into site-packages) and ``PYTHONPATH``,
    absolute: a worker's Python would otherwise import another copy of doorstep, or none."""
    import doorstep

    root = Path(doorstep.__file__).resolve().parents[1]
    parts = [] if root.name in ("site-packages", "dist-packages") else [str(root)]
    parts += [str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)
              if p]
    return os.pathsep.join(dict.fromkeys(parts))


def stop_session() -> None:
    """Stop the process's Spark session, if any (tests; end of a batch)."""
    if "spark" in _SESSION:
        _SESSION.pop("spark").stop()
    _SESSION.clear()


def _typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Input columns cast to the declared types (nullable integers, strings)."""
    out = frame.copy()
    for column, kind in INPUT_TABLES[name].items():
        out[column] = out[column].astype("Int64" if kind == "int" else
                                         "float64" if kind == "float" else object)
    return out


def _spark_schema(name: str) -> Any:
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    kinds = {"int": LongType(), "str": StringType()}
    return StructType([StructField(c, kinds[k], True) for c, k in INPUT_TABLES[name].items()])


class SparkEngine:
    """Apache Spark SQL on ``master``, the same SQL text as DuckDB."""

    name = "spark"

    def __init__(self, master: str = "local[2]", executor_memory: str = "2g",
                 executor_cores: int = 1, jdbc_url: str | None = None,
                 jdbc_jar: str = "") -> None:
        self.master = master
        self.executor_memory = executor_memory
        self.executor_cores = executor_cores
        #: With a database URL, the executors read the portfolio over JDBC themselves.
        self.jdbc_url, self.jdbc_jar = jdbc_url, jdbc_jar

    def session(self) -> Any:
        return spark_session(self.master, self.executor_memory, self.executor_cores,
                             self.jdbc_jar if self.jdbc_url else "")

    @property
    def snapshot_reader(self) -> Any:
        """How a run gets its snapshot when Spark reads the database (``None``: the driver
        writes it from the database's rows)."""
        return self._snapshot_over_jdbc if self.jdbc_url else None

    def _snapshot_over_jdbc(self, storage: Storage, key: str, as_of: date,
                            branch_ids: Sequence[int] | None) -> str:
        from doorstep.screening.features.spark_jdbc import write_snapshot_over_jdbc

        assert self.jdbc_url is not None
        return write_snapshot_over_jdbc(self.session(), storage, key, self.jdbc_url, as_of,
                                        branch_ids)

    def run(self, inputs: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        """Validate in-memory input frames and compute the features (small inputs only).

        Returns
        -------
        DataFrame
            Identical to :meth:`DuckDbEngine.run` on the same inputs.
        """
        validate_inputs(inputs)
        with warnings.catch_warnings():  # PySpark warns about pandas 3; rows go as tuples
            warnings.simplefilter("ignore")
            spark = self.session()
            for name, frame in inputs.items():
                typed = _typed(name, frame).astype(object)
                rows = typed.where(typed.notna(), None).itertuples(index=False, name=None)
                spark.createDataFrame(list(rows), schema=_spark_schema(name)) \
                    .createOrReplaceTempView(name)
            result = spark.sql(FEATURE_SQL).collect()
        return normalise_output(pd.DataFrame([tuple(r) for r in result], columns=list(FEATURES)))

    def features(self, storage: Storage, snapshot: str, out: str) -> str:
        """The executors read the snapshot's Parquet tables and write the features to ``out``."""
        spark = self.session()
        for name in INPUT_TABLES:
            spark.read.parquet(storage.spark_uri(f"{snapshot}/{name}")) \
                .createOrReplaceTempView(name)
        spark.sql(FEATURE_SQL).write.mode("overwrite").parquet(storage.spark_uri(out))
        return out

    def score(self, storage: Storage, features: str, scorer: Scorer, out: str) -> str:
        """The executors score the feature rows (``mapInPandas``) and write the scores."""
        from doorstep.screening.pipeline import SCORE_SCHEMA

        def score_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            yield from scorer.score(batches)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spark = self.session()
            spark.read.parquet(storage.spark_uri(features)) \
                .mapInPandas(score_partition, SCORE_SCHEMA) \
                .write.mode("overwrite").parquet(storage.spark_uri(out))
        return out
