"""Parquet snapshots of the portfolio, and the features and scores of runs, at one location.

A location is a local folder, ``hdfs://…`` or ``s3://bucket/prefix`` (any S3-compatible
store: the endpoint and keys come in :class:`Storage`). A snapshot is a folder holding one
sub-folder per input table of :data:`~doorstep.screening.features.spec.INPUT_TABLES`, each
with ``part-0.parquet``; Spark reads the folders, DuckDB their files. Every integer column is
written as 64-bit, so Spark and DuckDB read identical types.

``write_portfolio_snapshot`` is what the import step calls after a load, and the screening
step before every run.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from doorstep.core.uow import UnitOfWork
from doorstep.screening.features.spec import INPUT_TABLES
from doorstep.screening.features.validate import validate_inputs

_ARROW = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
#: A scores table (see ``pipeline.Scorer``): champion (a) and challenger (b) risk and benefit.
SCORES = pa.schema([("customer_id", pa.int64()), ("risk_a", pa.float64()),
                    ("benefit_a", pa.float64()), ("risk_b", pa.float64()),
                    ("benefit_b", pa.float64())])


@dataclass(frozen=True)
class Storage:
    """Where snapshots go, and how to reach an S3-compatible endpoint when ``root`` is s3://."""

    root: str = "var/snapshots"
    s3_endpoint_url: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_region: str = "us-east-1"

    @property
    def remote(self) -> bool:
        return "://" in self.root and not self.root.startswith("file://")

    def join(self, *parts: str) -> str:
        """``root/part/…`` as a location string (local folders made absolute)."""
        base = self.root if self.remote else str(Path(self.root.removeprefix("file://"))
                                                   .resolve())
        return "/".join([base.rstrip("/"), *parts])

    def filesystem(self, location: str) -> tuple[pafs.FileSystem, str]:
        """The pyarrow file system of ``location`` and the path inside it."""
        if location.startswith(("s3://", "s3a://")):
            endpoint = self.s3_endpoint_url or ""
            fs = pafs.S3FileSystem(
                access_key=self.s3_access_key, secret_key=self.s3_secret_key,
                region=self.s3_region,
                endpoint_override=endpoint.split("://", 1)[-1] or None,
                scheme="http" if endpoint.startswith("http://") else "https")
            return fs, location.split("://", 1)[1]
        if "://" in location and not location.startswith("file://"):
            # hdfs:// needs libhdfs on this host; pyarrow is untyped (a library boundary)
            found: tuple[Any, str] = pafs.FileSystem.from_uri(location)
            return found
        return pafs.LocalFileSystem(), str(Path(location.removeprefix("file://")).resolve())

    def spark_uri(self, location: str) -> str:
        """``location`` as Spark's executors name it (``file:`` for a shared folder, ``s3a:``)."""
        if location.startswith("s3://"):
            return "s3a://" + location.removeprefix("s3://")
        if "://" in location:
            return location
        return "file://" + str(Path(location).resolve())


def _schema(name: str) -> pa.Schema:
    return pa.schema([(c, _ARROW[k]) for c, k in INPUT_TABLES[name].items()])


def write_table(storage: Storage, frame: pd.DataFrame, location: str,
                schema: pa.Schema | None = None) -> None:
    """One frame as ``location/part-0.parquet``."""
    fs, path = storage.filesystem(location)
    fs.create_dir(path, recursive=True)
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    pq.write_table(table, f"{path}/part-0.parquet", filesystem=fs)


def write_snapshot(storage: Storage, inputs: Mapping[str, pd.DataFrame], key: str) -> str:
    """Validate the input tables and write them as a snapshot named ``key``; its location."""
    validate_inputs(inputs)
    where = storage.join(key)
    for name in INPUT_TABLES:
        frame = inputs[name][list(INPUT_TABLES[name])]
        write_table(storage, frame, f"{where}/{name}", _schema(name))
    return where


def write_portfolio_snapshot(uow: UnitOfWork, storage: Storage, as_of: date,
                             branch_ids: Sequence[int] | None = None,
                             key: str | None = None) -> str:
    """Snapshot the portfolio as of ``as_of`` from the database (called after an import).

    Parameters
    ----------
    uow : UnitOfWork
        Read only.
    storage : Storage
    as_of : date
        The day the snapshot describes (repayment months end here).
    branch_ids : sequence of int, optional
        Only these branches' customers; all by default.
    key : str, optional
        Folder name under the storage root; default ``portfolio/as_of=<day>/<random>``.

    Returns
    -------
    str
        The snapshot's location, to give to an engine's ``features``.
    """
    name = key or f"portfolio/as_of={as_of.isoformat()}/{uuid.uuid4().hex[:12]}"
    return write_snapshot(storage, uow.screening.feature_inputs(as_of, branch_ids), name)


def table_files(storage: Storage, location: str) -> tuple[pafs.FileSystem, list[str]]:
    """The Parquet files of a table folder (Spark's part files or ours), sorted."""
    fs, path = storage.filesystem(location)
    infos = fs.get_file_info(pafs.FileSelector(path, recursive=False))
    files = sorted(i.path for i in infos if i.path.endswith(".parquet"))
    return fs, files


def dataset(storage: Storage, location: str) -> ds.Dataset:
    fs, files = table_files(storage, location)
    return ds.dataset(files, filesystem=fs, format="parquet")


def read_frame(storage: Storage, location: str, columns: Sequence[str] | None = None,
               ids: Any = None) -> pd.DataFrame:
    """A table folder as one frame (optionally some columns, rows of some customer ids)."""
    data = dataset(storage, location)
    where = ds.field("customer_id").isin(pa.array(ids, pa.int64())) if ids is not None else None
    table = data.to_table(columns=list(columns) if columns else None, filter=where)
    return table.to_pandas(integer_object_nulls=False, types_mapper={
        pa.int64(): pd.Int64Dtype()}.get)


def iter_frames(storage: Storage, location: str, rows: int = 250_000) -> Iterator[pd.DataFrame]:
    """A table folder in batches of at most ``rows`` (out of core)."""
    for batch in dataset(storage, location).to_batches(batch_size=rows, batch_readahead=1,
                                                        fragment_readahead=1):
        yield batch.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)


def count_rows(storage: Storage, location: str) -> int:
    return int(dataset(storage, location).count_rows())


def write_batches(storage: Storage, location: str, schema: pa.Schema,
                  batches: Iterable[pa.RecordBatch]) -> None:
    """Record batches streamed into ``location/part-0.parquet`` (never all in memory)."""
    fs, path = storage.filesystem(location)
    fs.create_dir(path, recursive=True)
    with pq.ParquetWriter(f"{path}/part-0.parquet", schema, filesystem=fs) as writer:
        for batch in batches:
            writer.write_batch(batch)


def write_frames(storage: Storage, location: str, schema: pa.Schema,
                 frames: Iterable[pd.DataFrame]) -> None:
    """Frames of one schema streamed into ``location/part-0.parquet`` (empty file if none)."""
    fs, path = storage.filesystem(location)
    fs.create_dir(path, recursive=True)
    with pq.ParquetWriter(f"{path}/part-0.parquet", schema, filesystem=fs) as writer:
        for frame in frames:
            writer.write_batch(pa.RecordBatch.from_pandas(frame[schema.names], schema=schema,
                                                          preserve_index=False))
