"""Engines for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with the pragmas and pool settings each backend needs."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        _sqlite_pragmas(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = str(parsed.set(drivername="postgresql+psycopg").render_as_string(False))
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(engine: Engine) -> None:
    # pysqlite's own transaction handling is switched off so that BEGIN is ours:
    # writes take the lock up front (BEGIN IMMEDIATE) and never fail half-way on upgrade.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.info.get("sqlite_begin", "BEGIN")
        conn.exec_driver_sql(mode)


def request_capacity(engine: Engine) -> int:
    """How many requests a worker may serve at once without running its pool dry.

    A request holds at most two connections at a time (its unit of work and a credential
    lookup), so half the pool's ceiling is safe. More requests than that, each holding one
    connection while waiting on a thread or a second connection, can deadlock the worker
    until the pool timeout; the in-flight limit in ``api.limits`` queues them instead.
    """
    pool = engine.pool
    if isinstance(pool, QueuePool):
        ceiling = pool.size() + max(int(getattr(pool, "_max_overflow", 0)), 0)
        return max(ceiling // 2, 1)
    return 8


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at; raises if the database cannot be reached."""
    from sqlalchemy import text

    with engine.connect() as conn:
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)
