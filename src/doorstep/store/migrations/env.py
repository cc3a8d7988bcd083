"""Alembic environment: migrates the database named by the caller or the settings."""

from alembic import context

from doorstep.core.settings import get_settings
from doorstep.store.db import make_engine
from doorstep.store.schema import metadata
from doorstep.store.tables_casebook import SEARCH_OBJECTS

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
connectable = config.attributes.get("connection")


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Leave out the search objects migrations create outside the metadata (FTS5, tsvector)."""
    return not (name in SEARCH_OBJECTS or str(name).startswith("case_studies_fts"))


def run() -> None:
    if connectable is not None:
        context.configure(connection=connectable, target_metadata=metadata,
                          render_as_batch=True, compare_type=True,
                          include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=True, compare_type=True,
                          include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
