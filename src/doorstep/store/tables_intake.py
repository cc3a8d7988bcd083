"""Data intake: one row per import of a bank's file, with the file's SHA-256, so the same file
twice changes nothing and says so."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table

from doorstep.store.tables import TS, _id, metadata

import_runs = Table(
    "import_runs", metadata, _id(),
    Column("file_name", String(200), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("mapping_digest", String(80), nullable=False),
    Column("kinds", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("partial", Boolean, nullable=False, server_default="0"),
    Column("rows", Integer, nullable=False),
    Column("inserted", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("started_at", TS, nullable=False),
    Column("finished_at", TS, nullable=False),
)
Index("ix_import_runs_file", import_runs.c.file_sha256, import_runs.c.mapping_digest)

# 0016: the row-level change log of imports, written set-based per batch: which import
# inserted or changed which row (by the bank's key), and the changed fields, masked
import_changes = Table(
    "import_changes", metadata, _id(),
    Column("run_id", BigInteger().with_variant(Integer(), "sqlite"), nullable=True),
    Column("kind", String(24), nullable=False),
    Column("row_key", String(80), nullable=False),
    Column("action", String(8), nullable=False),  # insert | update
    Column("changes", JSON, nullable=True),  # update: {column: [before, after]}, masked
)
Index("ix_import_changes_row", import_changes.c.kind, import_changes.c.row_key)
Index("ix_import_changes_run", import_changes.c.run_id)
