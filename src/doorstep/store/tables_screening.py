"""Screening tables: strategies, model versions, runs and their explained selections."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from doorstep.store.tables import ID, TS, Money, _id, metadata

model_versions = Table(
    "model_versions", metadata, _id(),
    Column("kind", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("trained_on", String(200), nullable=False, server_default=""),
    Column("feature_names", JSON, nullable=False),
    Column("metrics", JSON, nullable=False),
    Column("blob", LargeBinary, nullable=False),
    Column("status", String(16), nullable=False),
    Column("approved_by", String(64), nullable=True),
    Column("approved_at", TS, nullable=True),
    UniqueConstraint("kind", "version", name="uq_model_versions_kind_version"),
)

rule_sets = Table(
    "rule_sets", metadata, _id(),
    Column("name", String(100), nullable=False),
    Column("business_line", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("rules", JSON, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("created_by", String(64), nullable=False),
    UniqueConstraint("name", "version", name="uq_rule_sets_name_version"),
)

strategies = Table(
    "screening_strategies", metadata, _id(),
    Column("name", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("rule_set_ids", JSON, nullable=False),
    Column("model_version_id", ForeignKey("model_versions.id"), nullable=True),
    Column("ranking", JSON, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("created_by", String(64), nullable=False),
    UniqueConstraint("name", "version", name="uq_screening_strategies_name_version"),
)

screening_runs = Table(
    "screening_runs", metadata, _id(),
    Column("plan_id", ForeignKey("plans.id"), nullable=False, index=True),
    Column("strategy_id", ForeignKey("screening_strategies.id"), nullable=False),
    Column("challenger_strategy_id", ForeignKey("screening_strategies.id"), nullable=True),
    Column("challenger_share", Float, nullable=False, server_default="0"),
    Column("holdout_share", Float, nullable=False),
    Column("engine", String(16), nullable=False),
    Column("seed", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("summary", JSON, nullable=False),
    Column("started_at", TS, nullable=False),
    Column("finished_at", TS, nullable=True),
    Column("started_by", String(64), nullable=False),
    Column("approved_by", String(64), nullable=True),
    Column("approved_at", TS, nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
)

screening_selections = Table(
    "screening_selections", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("run_id", ForeignKey("screening_runs.id"), nullable=False),
    Column("customer_id", ForeignKey("customers.id"), nullable=False),
    Column("account_id", ForeignKey("accounts.id"), nullable=True),
    Column("business_line", String(16), nullable=False),
    Column("case_type", String(24), nullable=False),
    Column("arm", String(16), nullable=False),
    Column("outcome_group", String(16), nullable=False),
    Column("rank", Integer, nullable=True),
    Column("risk", Float, nullable=False),
    Column("uplift", Float, nullable=True),
    Column("expected_benefit", Float, nullable=False),
    Column("amount_at_stake", Money, nullable=False),
    Column("matched_rules", JSON, nullable=False),
    Column("reason_codes", JSON, nullable=False),
    Column("manual_reason", Text, nullable=True),
    Column("manual_by", String(64), nullable=True),
    Column("case_id", ForeignKey("cases.id"), nullable=True),
    UniqueConstraint("run_id", "customer_id", name="uq_screening_selections_run_customer"),
)
Index("ix_screening_selections_run_group_rank", screening_selections.c.run_id,
      screening_selections.c.outcome_group, screening_selections.c.rank)

text_scores = Table(
    "text_scores", metadata, _id(),
    Column("source", String(16), nullable=False),
    Column("source_id", ID, nullable=False),
    Column("dissatisfaction", Float, nullable=False),
    Column("strong_dissatisfaction", Boolean, nullable=False),
    Column("model", String(32), nullable=False),
    Column("scored_at", TS, nullable=False),
    UniqueConstraint("source", "source_id", name="uq_text_scores_source"),
)
