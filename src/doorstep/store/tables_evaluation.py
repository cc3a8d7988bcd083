"""Evaluation tables: the runs of the scheduled report job, and precomputed KPI snapshots."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from doorstep.store.tables import TS, _id, metadata

report_runs = Table(
    "report_runs", metadata, _id(),
    Column("kind", String(16), nullable=False),
    Column("period_key", String(24), nullable=False),
    Column("plan_id", ForeignKey("plans.id"), nullable=True),
    Column("status", String(16), nullable=False),
    Column("out_dir", String(400), nullable=False),
    Column("files", JSON, nullable=False),
    Column("cases", Integer, nullable=False, server_default="0"),
    Column("actor", String(64), nullable=False),
    Column("started_at", TS, nullable=False),
    Column("finished_at", TS, nullable=True),
)
Index("ix_report_runs_kind_period", report_runs.c.kind, report_runs.c.period_key,
      report_runs.c.plan_id)

#: Precomputed dashboard figures per (plan, period, branch scope; NULL = whole bank): the
#: KPI counts as JSON (see ``evaluation.snapshots``), written by `doorstep evaluation refresh`.
kpi_snapshots = Table(
    "kpi_snapshots", metadata, _id(),
    Column("plan_id", ForeignKey("plans.id"), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("branch_id", ForeignKey("branches.id"), nullable=True),
    Column("figures", JSON, nullable=False),
    Column("computed_at", TS, nullable=False),
)
Index("ix_kpi_snapshots_key", kpi_snapshots.c.plan_id, kpi_snapshots.c.period_start,
      kpi_snapshots.c.period_end, kpi_snapshots.c.branch_id)

#: Requests to lift one held-out customer's lock before their measurement window closes
#: (issue 17): requested by one manager with a reason, decided by another; every approved
#: lift is reported as contamination on the effect page. Migration 0011.
holdout_lock_lifts = Table(
    "holdout_lock_lifts", metadata, _id(),
    Column("customer_id", ForeignKey("customers.id"), nullable=False),
    Column("run_id", ForeignKey("screening_runs.id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("requested_at", TS, nullable=False),
    Column("decided_by", String(64), nullable=True),
    Column("decided_at", TS, nullable=True),
    Column("decision_note", Text, nullable=False, server_default=""),
)
Index("ix_holdout_lock_lifts_customer", holdout_lock_lifts.c.customer_id,
      holdout_lock_lifts.c.status)
