"""Screening engines and the snapshot location from the one settings class."""

from __future__ import annotations

from doorstep.core.settings import Settings
from doorstep.screening.features import FeatureEngine, make_engine
from doorstep.screening.lake import Storage


def snapshot_storage(settings: Settings) -> Storage | None:
    """Where runs keep their Parquet snapshot, features and scores (``DOORSTEP_SNAPSHOT_DIR``);
    ``None``: a temporary folder per run."""
    if not settings.snapshot_dir:
        return None
    return Storage(settings.snapshot_dir, settings.s3_endpoint_url, settings.s3_access_key,
                   settings.s3_secret_key, settings.s3_region)


def engine_for(settings: Settings, name: str) -> FeatureEngine:
    """The engine ``name``; Spark on ``DOORSTEP_SPARK_MASTER``, reading the portfolio from the
    run's Parquet snapshot or, with ``DOORSTEP_SPARK_SOURCE=jdbc``, from PostgreSQL itself."""
    if name == "spark":
        from doorstep.screening.features.spark import SparkEngine

        make_engine(name)  # the same refusal of unknown names
        jdbc = settings.database_url if settings.spark_source == "jdbc" else None
        return SparkEngine(settings.spark_master, settings.spark_executor_memory,
                           settings.spark_executor_cores, jdbc, settings.spark_jdbc_jar)
    return make_engine(name)
