"""Approval requests (maker-checker, four-eyes review): one table for every kind of request."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text

from doorstep.store.tables import ID, TS, Money, _id, metadata

approvals = Table(
    "approvals", metadata, _id(),
    Column("kind", String(32), nullable=False),
    Column("subject_type", String(32), nullable=False),
    Column("subject_id", ID, nullable=False),
    Column("branch_id", ForeignKey("branches.id"), nullable=True),
    Column("amount", Money, nullable=False, server_default="0"),
    Column("summary", Text, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("state", String(16), nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("requested_at", TS, nullable=False),
    Column("request_reason", Text, nullable=False),
    Column("decided_by", String(64), nullable=True),
    Column("decided_at", TS, nullable=True),
    Column("decision_reason", Text, nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Index("ix_approvals_state_kind", "state", "kind"),
    Index("ix_approvals_subject", "subject_type", "subject_id"),
)
