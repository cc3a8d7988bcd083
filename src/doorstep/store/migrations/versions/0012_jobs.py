"""jobs: background jobs a user can follow; delivery receipts on outbox messages

A ``jobs`` row per job (state queued/running/done/failed, progress, step, the principal it
acts as, a lease its worker renews, the result entity and an error code with parameters),
and on ``outbox`` what the gateway answered (its message id) and the delivery receipt.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("progress", sa.Float(), server_default="0", nullable=False),
        sa.Column("step", sa.String(80), server_default="", nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("principal", sa.JSON(), nullable=False),
        sa.Column("started_by", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("worker", sa.String(120), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("not_before", sa.DateTime(), nullable=True),
        sa.Column("result_kind", sa.String(40), nullable=True),
        sa.Column("result_id", sa.String(64), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error_code", sa.String(80), nullable=True),
        sa.Column("error_params", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index("ix_jobs_state_lease", "jobs", ["state", "lease_until"])
    op.create_index("ix_jobs_started_by", "jobs", ["started_by", "created_at"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("provider_message_id", sa.String(80), nullable=True))
        batch.add_column(sa.Column("delivery_status", sa.String(16), nullable=True))
        batch.add_column(sa.Column("delivered_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("receipt_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("receipt_detail", sa.String(200), nullable=True))
    op.create_index("ix_outbox_provider_message_id", "outbox", ["provider_message_id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_provider_message_id", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        for name in ("receipt_detail", "receipt_at", "delivered_at", "delivery_status",
                     "provider_message_id"):
            batch.drop_column(name)
    op.drop_index("ix_jobs_state_lease", table_name="jobs")
    op.drop_index("ix_jobs_started_by", table_name="jobs")
    op.drop_table("jobs")
