"""Every table of every capability on one ``metadata``: what Alembic compares against."""

from doorstep.store import tables_dispatch, tables_screening  # noqa: F401  (registers tables)
from doorstep.store.tables import metadata

__all__ = ["metadata"]
