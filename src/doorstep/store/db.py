"""Engines for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

#: A pooled PostgreSQL connection idle for longer than this is pinged before it is handed
#: out (a restarted server or a dropped socket is noticed then); a busy one is not.
PING_AFTER_IDLE_S = 5.0


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
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Like ``pool_pre_ping``, but only for connections that sat idle in the pool.

    Under load a connection goes back out within milliseconds, and a ping per request cost
    a round trip and ~3 % of the app's CPU (benchmarks/results/load.md). A connection that
    broke while in use still fails that one request, and SQLAlchemy then recycles the whole
    pool, exactly as with ``pool_pre_ping``.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_S:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_conn)
        except Exception as error:  # any failure means: not usable, take another
            raise exc.DisconnectionError("stale pooled connection") from error
        if not alive:
            raise exc.DisconnectionError("stale pooled connection")


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
    until the pool timeout; the in-flight limit in ``http.limits`` queues them instead.
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
