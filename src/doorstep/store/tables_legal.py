"""Legal tables (DESIGN §10): mediations with their clock, extensions, imported agreements,
and the court events (filing, judgment, enforcement) the bank's legal system exports."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from doorstep.store.tables import TS, Money, _id, metadata

legal_mediations = Table(
    "legal_mediations", metadata, _id(),
    Column("case_id", ForeignKey("cases.id"), nullable=False, unique=True),
    Column("state", String(16), nullable=False),
    Column("started_at", TS, nullable=False),
    Column("due_at", TS, nullable=False),
    Column("started_by", String(64), nullable=False),
    Column("mediator", String(100), nullable=False, server_default=""),
    Column("failure_reason", String(24), nullable=True),
    Column("failure_text", Text, nullable=False, server_default=""),
    Column("ended_at", TS, nullable=True),
    # 0014: when the timers job found it past its due date (cleared by an extension).
    Column("overdue_at", TS, nullable=True),
)

legal_extensions = Table(
    "legal_extensions", metadata, _id(),
    Column("mediation_id", ForeignKey("legal_mediations.id"), nullable=False, index=True),
    Column("days", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("by", String(64), nullable=False),
    Column("at", TS, nullable=False),
    Column("old_due_at", TS, nullable=False),
    Column("new_due_at", TS, nullable=False),
)

legal_agreements = Table(
    "legal_agreements", metadata, _id(),
    Column("mediation_id", ForeignKey("legal_mediations.id"), nullable=False, unique=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("terms", Text, nullable=False),
    Column("amount", Money, nullable=False),
    Column("instalments", Integer, nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("evidence_id", ForeignKey("evidence.id"), nullable=False),
    Column("imported_by", String(64), nullable=False),
    Column("imported_at", TS, nullable=False),
)

# 0015: a court event of the bank's legal system, imported and upserted by
# (court case number, event); shown on the legal page of the customer's cases.
legal_events = Table(
    "legal_events", metadata, _id(),
    Column("court_case_no", String(64), nullable=False),
    Column("event", String(16), nullable=False),  # filing | judgment | enforcement
    Column("customer_id", ForeignKey("customers.id"), nullable=False, index=True),
    Column("account_id", ForeignKey("accounts.id"), nullable=True, index=True),
    Column("event_date", Date, nullable=False),
    Column("court", String(64), nullable=False),
    Column("amount", Money, nullable=True),
    Column("imported_at", TS, nullable=False),
    UniqueConstraint("court_case_no", "event", name="uq_legal_events_court_case_event"),
)
