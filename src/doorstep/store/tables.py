"""SQLAlchemy Core tables: the one schema Alembic migrates and every repository reads.

Later capabilities add their tables in modules of their own on the same ``metadata``.
Amounts are yuan with two decimals; times are UTC; personal data columns end in ``_enc``
(AES-GCM ciphertext) with a keyed ``_index`` for exact-match search.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Money = Numeric(14, 2)
TS = DateTime(timezone=False)
ID = BigInteger().with_variant(Integer(), "sqlite")


def _id() -> Column[int]:
    return Column("id", ID, primary_key=True, autoincrement=True)


branches = Table(
    "branches", metadata, _id(),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(64), nullable=False),
    Column("district", String(16), nullable=False),
    Column("address", String(200), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
)

users = Table(
    "users", metadata, _id(),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(64), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    Column("branch_id", ForeignKey("branches.id"), nullable=True),
    Column("staff_id", ForeignKey("staff.id"), nullable=True),
    Column("language", String(8), nullable=False, server_default="zh-CN"),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", TS, nullable=True),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_at", TS, nullable=False),
)

api_tokens = Table(
    "api_tokens", metadata, _id(),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS, nullable=False),
    Column("revoked", Boolean, nullable=False, server_default="0"),
)

web_sessions = Table(
    "web_sessions", metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS, nullable=False),
)

customers = Table(
    "customers", metadata, _id(),
    Column("customer_no", String(20), nullable=False, unique=True),
    Column("name", String(32), nullable=False),
    Column("gender", String(1), nullable=False),
    Column("birth_year", SmallInteger, nullable=False),
    Column("national_id_enc", String(200), nullable=False),
    Column("national_id_index", String(32), nullable=False, index=True),
    Column("phone_enc", String(200), nullable=False),
    Column("phone_index", String(32), nullable=False, index=True),
    Column("address_enc", String(400), nullable=False),
    Column("district", String(16), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("branch_id", ForeignKey("branches.id"), nullable=False, index=True),
    Column("preferred_contact_times", String(64), nullable=False, server_default=""),
    Column("do_not_visit", Boolean, nullable=False, server_default="0"),
    Column("under_regulator_complaint", Boolean, nullable=False, server_default="0"),
    Column("quiet_hours_consent", Boolean, nullable=False, server_default="0"),
    Column("created_at", TS, nullable=False),
)
Index("ix_customers_name", customers.c.name)

accounts = Table(
    "accounts", metadata, _id(),
    Column("customer_id", ForeignKey("customers.id"), nullable=False, index=True),
    Column("account_no", String(24), nullable=False, unique=True),
    Column("business_line", String(16), nullable=False),
    Column("product", String(48), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("balance", Money, nullable=False),
    Column("credit_limit", Money, nullable=True),
    Column("days_past_due", Integer, nullable=False, server_default="0"),
    Column("overdue_amount", Money, nullable=False, server_default="0"),
    Column("status", String(16), nullable=False, server_default="active"),
)

repayments = Table(
    "repayments", metadata, _id(),
    Column("account_id", ForeignKey("accounts.id"), nullable=False),
    Column("month", Date, nullable=False),
    Column("amount_due", Money, nullable=False),
    Column("amount_paid", Money, nullable=False),
    Column("days_past_due", Integer, nullable=False),
    Column("promise_broken", Boolean, nullable=False, server_default="0"),
    Column("balance", Money, nullable=True),
    UniqueConstraint("account_id", "month", name="uq_repayments_account_month"),
)

complaints = Table(
    "complaints", metadata, _id(),
    Column("customer_id", ForeignKey("customers.id"), nullable=False, index=True),
    Column("account_id", ForeignKey("accounts.id"), nullable=True),
    Column("branch_id", ForeignKey("branches.id"), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("category", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("dissatisfaction", Float, nullable=True),
    Column("strong_dissatisfaction", Boolean, nullable=True),
    Column("severity", SmallInteger, nullable=False),
    Column("received_at", TS, nullable=False),
    Column("closed_at", TS, nullable=True),
    # 0008: the handling clock (15 days, extendable once to 30 with a reason).
    Column("due_at", TS, nullable=True),
    Column("extended_at", TS, nullable=True),
    Column("extension_reason", Text, nullable=True),
    Column("recorded_by", String(64), nullable=True),
    Column("complaint_no", String(32), nullable=True, unique=True),
    Column("business_line", String(16), nullable=True),
)

plans = Table(
    "plans", metadata, _id(),
    Column("name", String(100), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("business_lines", JSON, nullable=False),
    Column("branch_ids", JSON, nullable=False),
    Column("visit_budget", Integer, nullable=False),
    Column("holdout_share", Float, nullable=False),
    Column("status", String(16), nullable=False, server_default="active"),
    Column("owner_user_id", ForeignKey("users.id"), nullable=True),
    Column("created_at", TS, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
)

plan_goals = Table(
    "plan_goals", metadata, _id(),
    Column("plan_id", ForeignKey("plans.id"), nullable=False, index=True),
    Column("metric", String(32), nullable=False),
    Column("comparator", String(2), nullable=False),
    Column("target", Float, nullable=False),
)

plan_steps = Table(
    "plan_steps", metadata, _id(),
    Column("plan_id", ForeignKey("plans.id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("owner_user_id", ForeignKey("users.id"), nullable=True),
    Column("due_on", Date, nullable=False),
    Column("done_at", TS, nullable=True),
)

staff = Table(
    "staff", metadata, _id(),
    Column("staff_no", String(16), nullable=False, unique=True),
    Column("name", String(32), nullable=False),
    Column("role", String(32), nullable=False),
    Column("skills", JSON, nullable=False),
    Column("branch_id", ForeignKey("branches.id"), nullable=False, index=True),
    Column("phone_enc", String(200), nullable=False),
    Column("home_lat", Float, nullable=False),
    Column("home_lon", Float, nullable=False),
    Column("shift_start", Time, nullable=False),
    Column("shift_end", Time, nullable=False),
    Column("weekdays", JSON, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
)

certificates = Table(
    "certificates", metadata, _id(),
    Column("staff_id", ForeignKey("staff.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("expires_on", Date, nullable=False),
)

teams = Table(
    "teams", metadata, _id(),
    Column("name", String(64), nullable=False),
    Column("branch_id", ForeignKey("branches.id"), nullable=False, index=True),
    Column("member_a_id", ForeignKey("staff.id"), nullable=False),
    Column("member_b_id", ForeignKey("staff.id"), nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("formed_on", Date, nullable=False),
)

cases = Table(
    "cases", metadata, _id(),
    Column("case_no", String(20), nullable=False, unique=True),
    Column("customer_id", ForeignKey("customers.id"), nullable=False, index=True),
    Column("account_id", ForeignKey("accounts.id"), nullable=True),
    Column("branch_id", ForeignKey("branches.id"), nullable=False),
    Column("case_type", String(24), nullable=False),
    Column("business_line", String(16), nullable=False),
    Column("state", String(24), nullable=False),
    Column("priority", SmallInteger, nullable=False),
    Column("overdue_amount", Money, nullable=False),
    Column("amount_at_stake", Money, nullable=False),
    Column("owner_team_id", ForeignKey("teams.id"), nullable=True, index=True),
    Column("plan_id", ForeignKey("plans.id"), nullable=True, index=True),
    Column("sla_due", TS, nullable=True),
    Column("opened_at", TS, nullable=False),
    Column("closed_at", TS, nullable=True),
    Column("failed_attempts", SmallInteger, nullable=False, server_default="0"),
    Column("summary", Text, nullable=False, server_default=""),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("updated_at", TS, nullable=False),
)
Index("ix_cases_branch_state_sla", cases.c.branch_id, cases.c.state, cases.c.sla_due, cases.c.id)
Index("ix_cases_state_sla", cases.c.state, cases.c.sla_due, cases.c.id)
Index("ix_cases_sla", cases.c.sla_due, cases.c.id)
Index("ix_cases_line_state", cases.c.business_line, cases.c.state, cases.c.sla_due, cases.c.id)
Index("ix_cases_branch_priority", cases.c.branch_id, cases.c.priority, cases.c.sla_due, cases.c.id)
Index("ix_cases_priority", cases.c.priority, cases.c.sla_due, cases.c.id)
Index("ix_cases_branch_amount", cases.c.branch_id, cases.c.amount_at_stake, cases.c.id)
Index("ix_cases_amount", cases.c.amount_at_stake, cases.c.id)
Index("ix_cases_opened", cases.c.opened_at, cases.c.id)

contacts = Table(
    "contacts", metadata, _id(),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("at", TS, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("confirmed", Boolean, nullable=False, server_default="0"),
    Column("staff_id", ForeignKey("staff.id"), nullable=True),
    Column("third_party", Boolean, nullable=False, server_default="0"),
    # 0008: who was reached (declared relation for third parties), proof of receipt, the
    # customer's consent to a quiet-hours contact, a note and who recorded it.
    Column("party", String(24), nullable=False, server_default="debtor"),
    Column("relation", String(32), nullable=False, server_default=""),
    Column("proof", String(24), nullable=False, server_default="none"),
    Column("consent", Boolean, nullable=False, server_default="0"),
    Column("note", Text, nullable=False, server_default=""),
    Column("recorded_by", String(64), nullable=False, server_default=""),
)

appointments = Table(
    "appointments", metadata, _id(),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("team_id", ForeignKey("teams.id"), nullable=True, index=True),
    Column("slot_start", TS, nullable=False),
    Column("slot_end", TS, nullable=False),
    Column("state", String(16), nullable=False),
    Column("token_hash", String(64), nullable=True, unique=True),
    Column("token_expires_at", TS, nullable=True),
    Column("token_used_at", TS, nullable=True),
    Column("created_at", TS, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
)

visits = Table(
    "visits", metadata, _id(),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("appointment_id", ForeignKey("appointments.id"), nullable=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False, index=True),
    Column("idempotency_key", String(64), nullable=True, unique=True),
    Column("check_in_at", TS, nullable=True),
    Column("check_in_lat", Float, nullable=True),
    Column("check_in_lon", Float, nullable=True),
    Column("check_in_distance_m", Float, nullable=True),
    Column("check_in_flagged", Boolean, nullable=False, server_default="0"),
    Column("check_out_at", TS, nullable=True),
    Column("staff_present", JSON, nullable=False),
    Column("findings", Text, nullable=False, server_default=""),
    Column("customer_account", Text, nullable=False, server_default=""),
    Column("customer_suggestions", Text, nullable=False, server_default=""),
    Column("consent_to_enter", Boolean, nullable=True),
    Column("third_parties", Text, nullable=False, server_default=""),
    Column("signed_note", Text, nullable=True),
    Column("outcome", String(24), nullable=True),
    Column("created_at", TS, nullable=False),
    # 0007: set while the visit's case commands wait for a compliance-override approval.
    Column("approval_id", ID, nullable=True),
)

evidence = Table(
    "evidence", metadata, _id(),
    Column("visit_id", ForeignKey("visits.id"), nullable=True, index=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("filename", String(200), nullable=False),
    Column("content_type", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("storage_key", String(200), nullable=False),
    Column("uploaded_at", TS, nullable=False),
    Column("uploaded_by", String(64), nullable=False),
)

agreements = Table(
    "agreements", metadata, _id(),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("visit_id", ForeignKey("visits.id"), nullable=True),
    Column("kind", String(24), nullable=False),
    Column("total_amount", Money, nullable=False),
    Column("fee_waiver_amount", Money, nullable=False, server_default="0"),
    Column("fee_waiver_approved_by", String(64), nullable=True),
    Column("state", String(16), nullable=False),
    Column("created_at", TS, nullable=False),
)

instalments = Table(
    "instalments", metadata, _id(),
    Column("agreement_id", ForeignKey("agreements.id"), nullable=False, index=True),
    Column("due_on", Date, nullable=False),
    Column("amount", Money, nullable=False),
    Column("paid_amount", Money, nullable=False, server_default="0"),
    Column("paid_on", Date, nullable=True),
    Column("state", String(16), nullable=False),
)

surveys = Table(
    "surveys", metadata, _id(),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("visit_id", ForeignKey("visits.id"), nullable=True),
    Column("token_hash", String(64), nullable=True, unique=True),
    Column("sent_at", TS, nullable=False),
    Column("answered_at", TS, nullable=True),
    Column("csat", SmallInteger, nullable=True),
    Column("nps", SmallInteger, nullable=True),
    Column("comment", Text, nullable=True),
    Column("dissatisfaction", Float, nullable=True),
)

compliance_exceptions = Table(
    "compliance_exceptions", metadata, _id(),
    Column("case_id", ForeignKey("cases.id"), nullable=True, index=True),
    Column("rule", String(32), nullable=False),
    Column("detail", Text, nullable=False),
    Column("approver", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("at", TS, nullable=False),
    # 0007: "approved" (let through by the approver) or "refused" (the breach stays on file).
    Column("decision", String(16), nullable=False, server_default="approved"),
    Column("approval_id", ID, nullable=True),
)

audit_events = Table(
    "audit_events", metadata,
    Column("seq", ID, primary_key=True, autoincrement=False),
    Column("at", TS, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", String(32), nullable=False),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_audit_entity", audit_events.c.entity, audit_events.c.entity_id)

audit_head = Table(
    "audit_head", metadata,
    Column("id", SmallInteger, primary_key=True),
    Column("seq", ID, nullable=False),
    Column("hash", String(64), nullable=False),
)
