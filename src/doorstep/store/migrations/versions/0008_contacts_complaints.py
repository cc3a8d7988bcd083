"""contacts and complaints: one contact log for every channel, complaints with a clock

Contacts gain who was reached (party and declared relation), the proof of receipt, the
customer's consent to a quiet-hours contact, a note and who recorded it; the existing
``confirmed`` flag becomes ``proof = 'signed_note'`` for visits and ``'recording'`` for
calls. Complaints gain their handling deadline (15 days, extendable once to 30 with a
reason); open complaints get a deadline counted from their receipt.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

def _contact_columns() -> tuple[sa.Column, ...]:  # type: ignore[type-arg]
    return (
        sa.Column("party", sa.String(24), nullable=False, server_default="debtor"),
        sa.Column("relation", sa.String(32), nullable=False, server_default=""),
        sa.Column("proof", sa.String(24), nullable=False, server_default="none"),
        sa.Column("consent", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("recorded_by", sa.String(64), nullable=False, server_default=""),
    )


def _complaint_columns() -> tuple[sa.Column, ...]:  # type: ignore[type-arg]
    return (
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("extended_at", sa.DateTime(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=True),
    )


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        for column in _contact_columns():
            batch.add_column(column)
    with op.batch_alter_table("complaints") as batch:
        for column in _complaint_columns():
            batch.add_column(column)
    contacts = sa.table("contacts", sa.column("third_party", sa.Boolean()),
                        sa.column("party", sa.String()), sa.column("confirmed", sa.Boolean()),
                        sa.column("channel", sa.String()), sa.column("proof", sa.String()))
    op.execute(contacts.update().where(contacts.c.third_party == sa.true())
               .values(party="other"))
    op.execute(contacts.update().where(contacts.c.confirmed == sa.true(),
                                       contacts.c.channel == "visit")
               .values(proof="signed_note"))
    op.execute(contacts.update().where(contacts.c.confirmed == sa.true(),
                                       contacts.c.channel != "visit")
               .values(proof="recording"))


def downgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        for column in _complaint_columns():
            batch.drop_column(column.name)
    with op.batch_alter_table("contacts") as batch:
        for column in _contact_columns():
            batch.drop_column(column.name)
