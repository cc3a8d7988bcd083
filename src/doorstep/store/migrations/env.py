"""Alembic environment: migrates the database named by the caller or the settings."""

from alembic import context

from doorstep.core.settings import get_settings
from doorstep.store.db import make_engine
from doorstep.store.schema import metadata

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
connectable = config.attributes.get("connection")


def run() -> None:
    if connectable is not None:
        context.configure(connection=connectable, target_metadata=metadata,
                          render_as_batch=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
