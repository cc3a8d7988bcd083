"""legal events: the court events (filing, judgment, enforcement) of the bank's
legal system, imported and upserted by (court case number, event)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "legal_events",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("court_case_no", sa.String(64), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=True),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("court", sa.String(64), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_legal_events_customer_id_customers")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_legal_events_account_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_events")),
        sa.UniqueConstraint("court_case_no", "event", name="uq_legal_events_court_case_event"),
    )
    op.create_index("ix_legal_events_customer_id", "legal_events", ["customer_id"])
    op.create_index("ix_legal_events_account_id", "legal_events", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_legal_events_account_id", table_name="legal_events")
    op.drop_index("ix_legal_events_customer_id", table_name="legal_events")
    op.drop_table("legal_events")
