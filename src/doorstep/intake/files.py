"""Writing rows to CSV (UTF-8 with BOM, for Excel), XLSX or Parquet, streaming, with cells
that start with ``=``, ``+``, ``-`` or ``@`` escaped so no spreadsheet runs them."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@")


def escape_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return escape_cell(value)


def write_rows(path: Path, header: list[str], rows: Iterable[list[Any]]) -> int:
    """Write ``rows`` under ``header`` in the format the suffix names; the row count."""
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        return _xlsx(path, header, rows)
    if suffix == ".parquet":
        return _parquet(path, header, rows)
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else _plain(v) for v in row])
            n += 1
    return n


def _xlsx(path: Path, header: list[str], rows: Iterable[list[Any]]) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    n = 0
    for row in rows:
        sheet.append([_plain(v) if isinstance(v, str | Decimal | date | bool) else v
                      for v in row])
        n += 1
    book.save(path)
    return n


def _parquet(path: Path, header: list[str], rows: Iterable[list[Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(h, pa.string()) for h in header])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[list[Any]] = []
        for row in rows:
            batch.append([None if v is None else str(_plain(v)) for v in row])
            n += 1
            if len(batch) >= 10_000:
                writer.write_table(_table(pa, schema, header, batch))
                batch = []
        if batch or n == 0:
            writer.write_table(_table(pa, schema, header, batch))
    return n


def _table(pa: Any, schema: Any, header: list[str], batch: list[list[Any]]) -> Any:
    return pa.table({h: [r[i] for r in batch] for i, h in enumerate(header)}, schema=schema)
