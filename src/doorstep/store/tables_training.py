"""Training tables: courses, sessions and each participant's attendance and assessment.

Certificates a passed course grants go into the existing ``certificates`` table (teams),
where the assignment rule (``teams.coverage``) reads them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from doorstep.store.tables import TS, _id, metadata

courses = Table(
    "courses", metadata, _id(),
    Column("code", String(16), nullable=False, unique=True),
    Column("title", String(100), nullable=False),
    Column("category", String(16), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("hours", SmallInteger, nullable=False),
    Column("pass_mark", SmallInteger, nullable=False),
    Column("certificate_kind", String(32), nullable=True),
    Column("validity_months", SmallInteger, nullable=False, server_default="0"),
)

training_sessions = Table(
    "training_sessions", metadata, _id(),
    Column("course_id", ForeignKey("courses.id"), nullable=False, index=True),
    Column("starts_at", TS, nullable=False),
    Column("trainer", String(32), nullable=False),
    Column("place", String(100), nullable=False),
    Column("capacity", SmallInteger, nullable=False),
    Column("created_at", TS, nullable=False),
)

training_records = Table(
    "training_records", metadata, _id(),
    Column("session_id", ForeignKey("training_sessions.id"), nullable=False, index=True),
    Column("staff_id", ForeignKey("staff.id"), nullable=False, index=True),
    Column("attended", Boolean, nullable=False, server_default="0"),
    Column("score", SmallInteger, nullable=True),
    Column("passed", Boolean, nullable=True),
    Column("assessed_on", Date, nullable=True),
    Column("certificate_id", ForeignKey("certificates.id"), nullable=True),
    UniqueConstraint("session_id", "staff_id", name="uq_training_records_session_staff"),
)
