"""Set-based upsert of one batch of an import: the rows go into a temporary staging table
(``COPY`` on PostgreSQL, ``executemany`` on SQLite); the stored rows they change are read
back once (for the counts and the audit); then one ``INSERT … SELECT … ON CONFLICT DO
UPDATE … WHERE`` a column differs writes new and changed rows and leaves the rest alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    String,
    Table,
    and_,
    cast,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from doorstep.intake.diff import KEEP
from doorstep.intake.model import Kind, Record
from doorstep.store.tables_intake import import_changes

#: the unique key each set-based kind is upserted by (its table's unique constraint)
CONFLICT_KEYS: dict[Kind, tuple[str, ...]] = {
    Kind.BRANCHES: ("code",), Kind.ACCOUNTS: ("account_no",),
    Kind.REPAYMENT_MONTHS: ("account_id", "month"),
    Kind.LEGAL_EVENTS: ("court_case_no", "event"),
}
Changed = list[tuple[int, Record, Record]]


def _differs(table: Table, other: Any, columns: Sequence[str]) -> ColumnElement[bool]:
    if not columns:
        return false()
    return or_(*(table.c[c].is_distinct_from(other[c]) for c in columns))


def _staging(conn: Connection, table: Table, columns: Sequence[str]) -> Table:
    name = f"stage_{table.name}"
    conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
    stage = Table(name, MetaData(), *(Column(c, table.c[c].type) for c in columns),
                  prefixes=["TEMPORARY"])
    stage.create(conn)
    return stage


def _load(conn: Connection, stage: Table, columns: Sequence[str], rows: Sequence[Record]
          ) -> None:
    if conn.dialect.name != "postgresql":
        conn.execute(insert(stage), [{c: r[c] for c in columns} for r in rows])
        return
    raw: Any = conn.connection.driver_connection
    names = ", ".join(columns)
    with raw.cursor() as cur, cur.copy(f"COPY {stage.name} ({names}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row([r[c] for c in columns])


def row_key(kind: Kind, table: Any) -> ColumnElement[str]:
    """The bank's key of a row as the change log's text (``account_id|month`` for months)."""
    parts: list[ColumnElement[str]] = [cast(table.c[k], String) for k in CONFLICT_KEYS[kind]]
    key = parts[0]
    for part in parts[1:]:
        key = key + literal("|") + part
    return key


def _log_inserts(conn: Connection, kind: Kind, table: Table, stage: Table,
                 on: ColumnElement[bool]) -> None:
    """One ``INSERT … SELECT`` into the change log for the staged rows not yet stored."""
    new = select(literal(kind.value), row_key(kind, stage), literal("insert")).where(
        ~exists().where(on))
    conn.execute(insert(import_changes).from_select(["kind", "row_key", "action"], new))


def upsert(conn: Connection, kind: Kind, table: Table, rows: Sequence[Record]
           ) -> tuple[int, Changed]:
    """Write ``rows`` (unique by key, already sealed): the number inserted and, for each
    changed stored row, (id, stored values, new values)."""
    if not rows:
        return 0, []
    keys = CONFLICT_KEYS[kind]
    columns = list(rows[0])  # all inserted; the kept ones (KEEP) never compared or updated
    values = [c for c in columns if c not in keys and c not in KEEP]
    stage = _staging(conn, table, columns)
    _load(conn, stage, columns, rows)
    on = and_(*(table.c[k] == stage.c[k] for k in keys))
    found = conn.execute(select(func.count()).select_from(table.join(stage, on))).scalar_one()
    changed: Changed = []
    new = [stage.c[c].label(f"new__{c}") for c in values]
    for r in conn.execute(select(table, *new).join(stage, on)
                          .where(_differs(table, stage.c, values))).mappings():
        row = dict(r)
        changed.append((int(row["id"]), row, {c: row[f"new__{c}"] for c in values}))
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).from_select(
        columns, select(*(stage.c[c] for c in columns)).where(true()))
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys), set_={c: stmt.excluded[c] for c in values},
        where=_differs(table, stmt.excluded, values))
    if found < len(rows):
        _log_inserts(conn, kind, table, stage, on)
    conn.execute(stmt)
    conn.execute(text(f"DROP TABLE {stage.name}"))
    return len(rows) - int(found), changed
