"""Casebook tables: case studies with their tags and the jieba words the search indexes.

The search index itself lives outside this metadata (created by migration
``0003_casebook_training``): on SQLite an FTS5 table ``case_studies_fts`` kept in step by
triggers, on PostgreSQL a generated ``search_vector`` tsvector column with a GIN index.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text

from doorstep.store.tables import TS, _id, metadata

case_studies = Table(
    "case_studies", metadata, _id(),
    Column("title", String(120), nullable=False),
    Column("background", Text, nullable=False),
    Column("problem", Text, nullable=False),
    Column("actions", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("lessons", Text, nullable=False),
    Column("business_line", String(16), nullable=False),
    Column("case_type", String(24), nullable=False),
    Column("outcome_tag", String(24), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("amount_band", String(16), nullable=False, server_default=""),
    Column("dpd_band", String(16), nullable=False, server_default=""),
    Column("search_text", Text, nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="draft"),
    Column("source_case_id", ForeignKey("cases.id"), nullable=True, index=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("published_by", String(64), nullable=True),
    Column("published_at", TS, nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
)
Index("ix_case_studies_status_line", case_studies.c.status, case_studies.c.business_line)

#: Objects the migration creates outside the metadata (Alembic's comparison skips them).
SEARCH_OBJECTS = frozenset({"case_studies_fts", "search_vector", "ix_case_studies_search"})
