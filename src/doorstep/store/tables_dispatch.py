"""Dispatch tables: the outbox of messages, and daily route plans with their stops."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from doorstep.store.tables import ID, TS, _id, metadata

outbox = Table(
    "outbox", metadata, _id(),
    Column("channel", String(8), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("recipient_enc", String(400), nullable=False),
    Column("subject", String(200), nullable=False, server_default=""),
    Column("body", Text, nullable=False),
    Column("case_id", ForeignKey("cases.id"), nullable=True, index=True),
    Column("idempotency_key", String(80), nullable=False, unique=True),
    Column("created_at", TS, nullable=False),
    Column("not_before", TS, nullable=False),
    Column("sent_at", TS, nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text, nullable=True),
    #: What the gateway answered when it accepted the message, and its delivery receipt.
    Column("provider_message_id", String(80), nullable=True),
    Column("delivery_status", String(16), nullable=True),
    Column("delivered_at", TS, nullable=True),
    Column("receipt_at", TS, nullable=True),
    Column("receipt_detail", String(200), nullable=True),
)
Index("ix_outbox_provider_message_id", outbox.c.provider_message_id)
Index("ix_outbox_pending", outbox.c.sent_at, outbox.c.not_before)

route_plans = Table(
    "route_plans", metadata, _id(),
    Column("branch_id", ForeignKey("branches.id"), nullable=False),
    Column("day", Date, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("stats", JSON, nullable=False),
    Column("unassigned", JSON, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
)
Index("ix_route_plans_branch_day", route_plans.c.branch_id, route_plans.c.day)

route_stops = Table(
    "route_stops", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("route_plan_id", ForeignKey("route_plans.id"), nullable=False, index=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("case_id", ForeignKey("cases.id"), nullable=False),
    Column("appointment_id", ForeignKey("appointments.id"), nullable=True),
    Column("seq", Integer, nullable=False),
    Column("arrival", TS, nullable=False),
    Column("departure", TS, nullable=False),
    Column("travel_minutes", Integer, nullable=False),
    Column("status", String(16), nullable=False, server_default="planned"),
)
