"""Screening features per customer, defined once (``spec``) and run by DuckDB or Spark.

``make_engine("duckdb").run(inputs)`` takes the input tables of ``spec.INPUT_TABLES`` (as
pandas frames) and returns one row per customer with the columns of ``spec.FEATURES``;
``make_engine("spark")`` returns the identical frame. For screening runs both engines also
read Parquet snapshots and write features and scores as Parquet (``features``, ``score``).
"""

from doorstep.screening.features.engines import (
    ENGINES,
    DuckDbEngine,
    FeatureEngine,
    make_engine,
)
from doorstep.screening.features.spark import SparkEngine
from doorstep.screening.features.spec import (
    FEATURES,
    INPUT_TABLES,
    MODEL_FEATURES,
    rule_field_types,
)
from doorstep.screening.features.validate import InvalidInput, validate_inputs

__all__ = [
    "ENGINES",
    "FEATURES",
    "INPUT_TABLES",
    "MODEL_FEATURES",
    "DuckDbEngine",
    "FeatureEngine",
    "InvalidInput",
    "SparkEngine",
    "make_engine",
    "rule_field_types",
    "validate_inputs",
]
