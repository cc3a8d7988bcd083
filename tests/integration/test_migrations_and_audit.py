"""Schema from empty by Alembic, and tamper detection of the stored audit chain."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, select, update
from typer.testing import CliRunner

from doorstep.cli.main import app
from doorstep.container import Container
from doorstep.core.audit import AuditEntry
from doorstep.store import audit_log
from doorstep.store import tables as t
from doorstep.store.migrate import current

runner = CliRunner()


def test_migrations_build_every_table(container: Container, database_url: str) -> None:
    """`db upgrade` from empty creates every table of the model at the newest revision."""
    names = set(inspect(container.engine).get_table_names())
    assert set(t.metadata.tables) <= names
    assert current(database_url) is not None


def _write(c: Container, n: int) -> None:
    with c.engine.begin() as conn:
        audit_log.append_many(conn, [
            AuditEntry("user:a", "case.approve", "case", str(i), {"state": "screened"},
                       {"state": "approved"}, datetime(2026, 11, 2, 3, i, tzinfo=UTC))
            for i in range(n)])


def test_audit_verify_passes_then_names_altered_row(container: Container,
                                                    database_url: str) -> None:
    """`doorstep audit verify` exits 0 on an intact chain and 1 naming an altered row."""
    _write(container, 5)
    ok = runner.invoke(app, ["audit", "verify", "--database-url", database_url])
    assert ok.exit_code == 0, ok.output
    with container.engine.begin() as conn:
        conn.execute(update(t.audit_events).where(t.audit_events.c.seq == 3)
                     .values(actor="user:mallory"))
    bad = runner.invoke(app, ["audit", "verify", "--database-url", database_url])
    assert bad.exit_code == 1
    assert "第 3 行" in bad.output


def test_deleting_newest_rows_is_detected(container: Container) -> None:
    """Removing the last audit rows is caught through the chain head."""
    _write(container, 4)
    with container.engine.begin() as conn:
        conn.execute(t.audit_events.delete().where(t.audit_events.c.seq == 4))
    with container.engine.connect() as conn:
        count, broken = audit_log.verify(conn)
    assert count == 3 and broken is not None


def test_reordering_rows_is_detected(container: Container) -> None:
    """Swapping two rows' sequence numbers breaks the chain."""
    _write(container, 4)
    with container.engine.begin() as conn:
        conn.execute(update(t.audit_events).where(t.audit_events.c.seq == 2).values(seq=99))
        conn.execute(update(t.audit_events).where(t.audit_events.c.seq == 3).values(seq=2))
        conn.execute(update(t.audit_events).where(t.audit_events.c.seq == 99).values(seq=3))
    with container.engine.connect() as conn:
        _, broken = audit_log.verify(conn)
    assert broken is not None and broken.seq == 2
    with container.engine.connect() as conn:
        rows = [r.seq for r in conn.execute(select(t.audit_events.c.seq))]
    assert len(rows) == 4
