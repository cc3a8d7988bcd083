"""CLI tables that never cut an identifier, and the same rows as JSON (``--json``).

Identifier columns (case numbers, ids, staff numbers, file keys) are never wrapped or
truncated: when the terminal is too narrow for them and the other columns, the other
columns are dropped from the right (and named under the table) and the rest fold.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from doorstep.core.i18n import _, pgettext

JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]
_MIN_OTHER = 6  # cells kept for a folded, non-identifier column
_FRAME = 3  # padding and border per column


@dataclass(frozen=True)
class Col:
    header: str
    key: str
    is_id: bool = False


def _width(col: Col, rows: Sequence[dict[str, Any]]) -> int:
    return max([cell_len(_(col.header))] + [cell_len(str(r.get(col.key, ""))) for r in rows])


def fitting(cols: Sequence[Col], rows: Sequence[dict[str, Any]], width: int) -> list[Col]:
    """The columns that fit ``width``: every identifier, then the others left to right."""
    needed = 1 + sum(_width(c, rows) + _FRAME for c in cols if c.is_id)
    kept: list[Col] = []
    for c in cols:
        if c.is_id:
            kept.append(c)
            continue
        cost = min(_width(c, rows), _MIN_OTHER) + _FRAME
        if needed + cost <= width:
            kept.append(c)
            needed += cost
    return kept


def build(cols: Sequence[Col], rows: Sequence[dict[str, Any]], width: int,
          title: str | None = None) -> tuple[Table, list[Col]]:
    """A rich table of ``rows`` for a terminal ``width`` wide, and the columns left out."""
    kept = fitting(cols, rows, width)
    table = Table(title=title)
    for c in kept:
        if c.is_id:
            table.add_column(_(c.header), no_wrap=True, min_width=_width(c, rows))
        else:
            table.add_column(_(c.header), overflow="fold")
    for r in rows:
        table.add_row(*(str(r.get(c.key, "")) for c in kept))
    return table, [c for c in cols if c not in kept]


def json_rows(cols: Sequence[Col], rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as ``--json`` prints them: one object per row, keyed by the columns' keys."""
    return [{c.key: r.get(c.key) for c in cols} for r in rows]


def echo_json(value: object) -> None:
    """One JSON document on stdout (Chinese kept readable; dates and the like as text)."""
    typer.echo(json.dumps(value, ensure_ascii=False, default=str))


def emit(console: Console, cols: Sequence[Col], rows: Sequence[dict[str, Any]],
         as_json: bool, title: str | None = None) -> None:
    """Print ``rows`` as a table (identifiers whole) or, with ``--json``, as JSON lines."""
    if as_json:
        echo_json(json_rows(cols, rows))
        return
    table, dropped = build(cols, rows, console.width, title)
    console.print(table)
    if dropped:
        shown = pgettext("list separator", ", ").join(_(c.header) for c in dropped)
        console.print(_("(terminal too narrow; columns not shown: %(columns)s; use --json)",
                        columns=shown))
