"""Every table of every capability on one ``metadata``: what Alembic compares against."""

from doorstep.store import (  # noqa: F401  (registers tables)
    tables_approvals,
    tables_casebook,
    tables_dispatch,
    tables_evaluation,
    tables_improvement,
    tables_intake,
    tables_jobs,
    tables_legal,
    tables_screening,
    tables_training,
)
from doorstep.store.tables import metadata

__all__ = ["metadata"]
