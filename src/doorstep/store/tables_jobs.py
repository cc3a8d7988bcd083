"""Background jobs: what was asked, by whom, how far it got and what it made."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, Index, Integer, String, Table

from doorstep.store.tables import TS, _id, metadata

jobs = Table(
    "jobs", metadata, _id(),
    Column("kind", String(40), nullable=False),
    Column("state", String(12), nullable=False),
    Column("progress", Float, nullable=False, server_default="0"),
    Column("step", String(80), nullable=False, server_default=""),
    Column("params", JSON, nullable=False),
    #: The principal the job acts as (user id, name, role, branch), fixed at submission.
    Column("principal", JSON, nullable=False),
    Column("started_by", String(64), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("worker", String(120), nullable=True),
    Column("lease_until", TS, nullable=True),
    Column("not_before", TS, nullable=True),
    Column("result_kind", String(40), nullable=True),
    Column("result_id", String(64), nullable=True),
    Column("result", JSON, nullable=True),
    Column("error_code", String(80), nullable=True),
    Column("error_params", JSON, nullable=True),
    Column("created_at", TS, nullable=False),
    Column("started_at", TS, nullable=True),
    Column("finished_at", TS, nullable=True),
)
Index("ix_jobs_state_lease", jobs.c.state, jobs.c.lease_until)
Index("ix_jobs_started_by", jobs.c.started_by, jobs.c.created_at)
