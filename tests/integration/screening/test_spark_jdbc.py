"""Spark reads the portfolio from PostgreSQL over JDBC (DOORSTEP_SPARK_SOURCE=jdbc): the
executors' snapshot equals the one the driver writes from the database, and the ranked list
equals DuckDB's (PostgreSQL JDBC driver from Debian's libpostgresql-jdbc-java)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from doorstep.container import Container
from doorstep.screening.features.spark import SparkEngine, stop_session
from doorstep.screening.features.spark_jdbc import JDBC_JAR, jdbc_of
from doorstep.screening.features.spec import INPUT_TABLES
from doorstep.screening.lake import Storage, read_frame
from tests.e2e.screening_bank import AS_OF, prepare_bank
from tests.integration.screening.test_spark_cluster import _list, _screen


def test_the_database_url_becomes_a_jdbc_url() -> None:
    url, props = jdbc_of("postgresql+psycopg://bank:s%40cret@db.internal:6432/doorstep")
    assert url == "jdbc:postgresql://db.internal:6432/doorstep"
    assert props == {"driver": "org.postgresql.Driver", "user": "bank", "password": "s@cret"}
    with pytest.raises(ValueError):
        jdbc_of("sqlite:///var/doorstep.db")


def _sorted(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    columns = list(INPUT_TABLES[name])
    out = frame[columns].astype(object).where(frame[columns].notna(), None)
    return out.sort_values(columns[:2], kind="stable").reset_index(drop=True)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_spark_over_jdbc_ranks_like_duckdb(container: Container, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Each input table the executors read over JDBC equals the driver's; `screen run
    --engine spark` with the JDBC source prints DuckDB's selected count and ranked digest."""
    if container.engine.dialect.name != "postgresql":
        pytest.skip("JDBC reads PostgreSQL")
    if not Path(JDBC_JAR).is_file():
        pytest.skip(f"{JDBC_JAR} missing: apt-get install libpostgresql-jdbc-java")
    prepare_bank(container)
    storage = Storage(str(tmp_path / "lake"))
    engine = SparkEngine("local[2]", jdbc_url=container.settings.database_url,
                         jdbc_jar=JDBC_JAR)
    try:
        assert engine.snapshot_reader is not None
        where = engine.snapshot_reader(storage, "jdbc", AS_OF, None)
        with container.uow(write=False) as uow:
            driver = uow.screening.feature_inputs(AS_OF, None)
        for name in INPUT_TABLES:
            spark = read_frame(storage, f"{where}/{name}")
            assert len(spark) == len(driver[name]), name
            pd.testing.assert_frame_equal(_sorted(spark, name), _sorted(driver[name], name),
                                          check_dtype=False, obj=name)
        duck = _screen(container, "duckdb")
        monkeypatch.setenv("DOORSTEP_SPARK_SOURCE", "jdbc")
        monkeypatch.setenv("DOORSTEP_SPARK_MASTER", "local[2]")
        spark_run = _screen(container, "spark")
    finally:
        stop_session()
    assert duck["selected"] > 0
    assert (spark_run["selected"], spark_run["ranked_digest"]) == (duck["selected"],
                                                                   duck["ranked_digest"])
    assert _list(container, spark_run["run_id"]) == _list(container, duck["run_id"])
