"""approvals: one maker-checker request table; compliance exceptions say approved/refused;
a visit waiting for an override approval points at its request

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject_type", sa.String(32), nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("branch_id", ID, nullable=True),
        sa.Column("amount", sa.Numeric(14, 2), server_default="0", nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("request_reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"],
                                name=op.f("fk_approvals_branch_id_branches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
    )
    op.create_index("ix_approvals_state_kind", "approvals", ["state", "kind"])
    op.create_index("ix_approvals_subject", "approvals", ["subject_type", "subject_id"])
    with op.batch_alter_table("compliance_exceptions") as batch:
        batch.add_column(sa.Column("decision", sa.String(16), server_default="approved",
                                   nullable=False))
        batch.add_column(sa.Column("approval_id", ID, nullable=True))
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("approval_id", ID, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("approval_id")
    with op.batch_alter_table("compliance_exceptions") as batch:
        batch.drop_column("approval_id")
        batch.drop_column("decision")
    op.drop_index("ix_approvals_subject", table_name="approvals")
    op.drop_index("ix_approvals_state_kind", table_name="approvals")
    op.drop_table("approvals")
