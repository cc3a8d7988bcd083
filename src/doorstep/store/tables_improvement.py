"""Improvement tables: each retrained candidate's time-based comparison, drift and decision."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, Text

from doorstep.store.tables import TS, _id, metadata

model_comparisons = Table(
    "model_comparisons", metadata, _id(),
    Column("model_version_id", ForeignKey("model_versions.id"), nullable=False, unique=True),
    Column("champion_id", ForeignKey("model_versions.id"), nullable=True),
    Column("inputs_key", String(64), nullable=False, unique=True),
    Column("cutoff", Date, nullable=False),
    Column("as_of", Date, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("counts", JSON, nullable=False),
    Column("comparison", JSON, nullable=False),
    Column("drift", JSON, nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("decided_by", String(64), nullable=True),
    Column("decided_at", TS, nullable=True),
    Column("reason", Text, nullable=True),
)
