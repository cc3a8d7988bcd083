"""Merge the capability branches (evaluation, improvement, casebook/training, legal) into one head.

Revision ID: 0004
Revises: 0003_casebook_training, 0003_evaluation, 0003_improvement, 0003_legal
"""

from collections.abc import Sequence

revision = "0004"
down_revision: Sequence[str] = (
    "0003_casebook_training",
    "0003_evaluation",
    "0003_improvement",
    "0003_legal",
)
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: this revision only joins the branches."""


def downgrade() -> None:
    """Nothing to change: this revision only joins the branches."""
