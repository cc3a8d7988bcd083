"""timers: a mediation past its 30-day clock is flagged overdue on the legal queue

``legal_mediations.overdue_at``: when the timers job found the mediation past its due date
(cleared when the clock is extended, so the new due date is a new occasion).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("legal_mediations") as batch:
        batch.add_column(sa.Column("overdue_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("legal_mediations") as batch:
        batch.drop_column("overdue_at")
