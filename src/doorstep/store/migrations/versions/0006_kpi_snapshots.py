"""evaluation: precomputed KPI snapshots for the plan dashboard

One row per (plan, period, branch scope; NULL = whole bank) holding the dashboard's KPI
counts as JSON and when they were computed; `doorstep evaluation refresh` writes them and
the dashboard serves them while they are younger than ``kpi_snapshot_minutes``.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "kpi_snapshots",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("plan_id", ID, nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("branch_id", ID, nullable=True),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"],
                                name=op.f("fk_kpi_snapshots_plan_id_plans")),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"],
                                name=op.f("fk_kpi_snapshots_branch_id_branches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_snapshots")),
    )
    op.create_index("ix_kpi_snapshots_key", "kpi_snapshots",
                    ["plan_id", "period_start", "period_end", "branch_id"])


def downgrade() -> None:
    op.drop_index("ix_kpi_snapshots_key", table_name="kpi_snapshots")
    op.drop_table("kpi_snapshots")
