"""Shared fixtures: a migrated database per backend (SQLite always, PostgreSQL when
DOORSTEP_TEST_DATABASE_URL is set), a container on a fixed clock, and seed factories."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from doorstep.container import Container
from doorstep.core.clock import FixedClock
from doorstep.core.settings import Settings
from doorstep.store.db import make_engine
from doorstep.store.migrate import upgrade
from doorstep.store.schema import metadata

# The CLI speaks the language of the locale; the suite pins it so no machine setting changes it.
os.environ["DOORSTEP_LANG"] = "zh-CN"
PG_URL = os.environ.get("DOORSTEP_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated from empty to the newest schema, once per backend."""
    if request.param == "postgres":
        assert PG_URL is not None
        _reset_postgres(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'doorstep.db'}"
    upgrade(url)
    return url


@pytest.fixture
def container(database_url: str, tmp_path: Path) -> Iterator[Container]:
    """A container over emptied tables and a fixed clock (2026-11-02 10:00 Beijing time)."""
    settings = Settings(environment="test", database_url=database_url,
                        evidence_dir=tmp_path / "evidence")
    c = Container.build(settings, clock=FixedClock())
    with c.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # A connection a test forgot to close would block TRUNCATE for ever: fail fast.
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))
            names = ", ".join(t.name for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
    yield c
    c.engine.dispose()
