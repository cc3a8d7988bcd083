"""intake: import runs with the file hash, complaint numbers and business lines, the balance
of a repayment month

Customers and accounts already carry the bank's keys (customer_no, account_no); complaints
get theirs (complaint_no) so a later file upserts instead of duplicating.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("mapping_digest", sa.String(80), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("partial", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    op.create_index("ix_import_runs_file", "import_runs", ["file_sha256", "mapping_digest"])
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("complaint_no", sa.String(32), nullable=True))
        batch.add_column(sa.Column("business_line", sa.String(16), nullable=True))
        batch.create_unique_constraint("uq_complaints_complaint_no", ["complaint_no"])
    with op.batch_alter_table("repayments") as batch:
        batch.add_column(sa.Column("balance", sa.Numeric(14, 2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("repayments") as batch:
        batch.drop_column("balance")
    with op.batch_alter_table("complaints") as batch:
        batch.drop_constraint("uq_complaints_complaint_no", type_="unique")
        batch.drop_column("business_line")
        batch.drop_column("complaint_no")
    op.drop_index("ix_import_runs_file", table_name="import_runs")
    op.drop_table("import_runs")
