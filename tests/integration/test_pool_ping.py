"""Pooled PostgreSQL connections: an idle one that the server dropped is replaced before use;
a busy one is handed out without a ping."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from doorstep.store import db
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(PG_URL is None, reason="needs DOORSTEP_TEST_DATABASE_URL")


def _pid(engine: db.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_dropped_idle_connection_is_replaced_before_use(monkeypatch: pytest.MonkeyPatch) -> None:
    assert PG_URL is not None
    engine = db.make_engine(PG_URL, pool_size=1, max_overflow=0)
    admin = db.make_engine(PG_URL)
    try:
        first = _pid(engine)
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": first})
        monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)
        assert _pid(engine) != first  # no error: the ping found it dead and reconnected
    finally:
        engine.dispose()
        admin.dispose()


def test_a_busy_connection_is_not_pinged() -> None:
    assert PG_URL is not None
    engine = db.make_engine(PG_URL, pool_size=1, max_overflow=0)
    pings: list[int] = []
    real = engine.dialect.do_ping
    engine.dialect.do_ping = lambda c: pings.append(1) or real(c)  # type: ignore[method-assign]
    try:
        _pid(engine)  # a new connection has never been idle-stamped: pinged once
        for _ in range(5):
            _pid(engine)
        assert len(pings) == 1
    finally:
        engine.dispose()
