"""Every table of every capability on one ``metadata``: what Alembic compares against."""

from doorstep.store.tables import metadata

__all__ = ["metadata"]
