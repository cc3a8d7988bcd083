"""import changes: the row-level change log of imports (which import inserted or changed
which row, and the changed fields, masked), written set-based per batch

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "import_changes",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("run_id", ID, nullable=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("row_key", sa.String(80), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_changes")),
    )
    op.create_index("ix_import_changes_row", "import_changes", ["kind", "row_key"])
    op.create_index("ix_import_changes_run", "import_changes", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_import_changes_run", table_name="import_changes")
    op.drop_index("ix_import_changes_row", table_name="import_changes")
    op.drop_table("import_changes")
