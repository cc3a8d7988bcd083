"""Bulk inserts for hundreds of thousands of rows.

Every statement is SQLAlchemy Core's ``insert(table)``. On PostgreSQL it runs as a Core
executemany. On SQLite the same compiled statement goes straight to the driver's
``executemany`` with parameters converted column by column by the columns' own bind
processors — the values stored are exactly what Core would store, without Core's
per-row parameter bookkeeping, which otherwise costs more than the writing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

CHUNK = 10_000
Processor = Callable[[Any], Any] | None


class BulkInserter:
    def __init__(self, conn: Connection, chunk: int = CHUNK) -> None:
        self.conn = conn
        self.chunk = chunk
        self.direct = conn.dialect.name == "sqlite"

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Insert ``rows`` (dicts with the same keys) in chunks, inside the open transaction."""
        if not rows:
            return
        if not self.direct:
            for start in range(0, len(rows), self.chunk):
                self.conn.execute(insert(table), rows[start:start + self.chunk])
            return
        keys, sql, processors = self._prepare(table, tuple(rows[0]))
        for start in range(0, len(rows), self.chunk):
            part = rows[start:start + self.chunk]
            columns = [[row[k] for row in part] for k in keys]
            converted = [col if p is None else list(map(p, col))
                         for col, p in zip(columns, processors, strict=True)]
            self.conn.exec_driver_sql(sql, list(zip(*converted, strict=True)))

    def _prepare(self, table: Table,
                 keys: tuple[str, ...]) -> tuple[tuple[str, ...], str, list[Processor]]:
        compiled = insert(table).compile(dialect=self.conn.dialect, column_keys=list(keys))
        order = tuple(compiled.positiontup or ())
        if sorted(order) != sorted(keys):
            raise ValueError(f"cannot bind {table.name} positionally: {order} vs {keys}")
        dialect = self.conn.dialect
        processors: list[Processor] = [
            table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in order]
        return order, str(compiled), processors
