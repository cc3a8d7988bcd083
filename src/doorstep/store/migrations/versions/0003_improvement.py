"""improvement: model comparisons (time-based holdout, drift, decision)

Revision ID: 0003_improvement
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_improvement"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_comparisons",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True,
                  nullable=False),
        sa.Column("model_version_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column("champion_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=True),
        sa.Column("inputs_key", sa.String(length=64), nullable=False),
        sa.Column("cutoff", sa.Date(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("comparison", sa.JSON(), nullable=False),
        sa.Column("drift", sa.JSON(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["champion_id"], ["model_versions.id"],
                                name=op.f("fk_model_comparisons_champion_id_model_versions")),
        sa.ForeignKeyConstraint(["model_version_id"], ["model_versions.id"],
                                name=op.f("fk_model_comparisons_model_version_id_model_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_comparisons")),
        sa.UniqueConstraint("inputs_key", name=op.f("uq_model_comparisons_inputs_key")),
        sa.UniqueConstraint("model_version_id",
                            name=op.f("uq_model_comparisons_model_version_id")),
    )


def downgrade() -> None:
    op.drop_table("model_comparisons")
