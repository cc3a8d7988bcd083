"""effect: holdout lock lifts (issue 17)

A held-out customer stays out of later screening runs and hand-opened cases until their
measurement window closes; a manager may request a lift for one customer with a reason and
another manager decides it. One row per request.

Revision ID: 0011
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "holdout_lock_lifts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("run_id", ID, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_holdout_lock_lifts_customer_id_customers")),
        sa.ForeignKeyConstraint(["run_id"], ["screening_runs.id"],
                                name=op.f("fk_holdout_lock_lifts_run_id_screening_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holdout_lock_lifts")),
    )
    op.create_index("ix_holdout_lock_lifts_customer", "holdout_lock_lifts",
                    ["customer_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_holdout_lock_lifts_customer", table_name="holdout_lock_lifts")
    op.drop_table("holdout_lock_lifts")
