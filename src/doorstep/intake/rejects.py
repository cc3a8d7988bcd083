"""The rejected rows of a file as an .xlsx, each with its problems beside it, so a clerk can
fix them and import again."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from doorstep.core.i18n import N_, translate, translate_in
from doorstep.intake.files import write_rows
from doorstep.intake.mapping import Mapping
from doorstep.intake.model import RowError
from doorstep.intake.readers import format_of, read_rows

MAX_ROWS = 100_000


def write_rejects(path: Path, mapping: Mapping, errors: list[RowError], out: Path,
                  lang: str = "zh-CN") -> int:
    """Write the rows with errors (source columns, then the row number and the problems, in
    ``lang``); the row count."""
    problems: dict[int, list[str]] = defaultdict(list)
    for e in errors:
        problems[e.row].append(f"[{e.column}] {translate(e.code, lang, **e.params)}")
    header, rows = read_rows(path, format_of(path, mapping.format), mapping.encoding,
                             mapping.sheet)
    row_label = translate_in(lang, N_("Row number"))
    problem_label = translate_in(lang, N_("Problem"))
    separator = translate_in(lang, N_("; "))

    def bad() -> object:
        written = 0
        for rowno, row in enumerate(rows, 1):
            if rowno in problems and written < MAX_ROWS:
                written += 1
                yield [row.get(h) for h in header] + [rowno, separator.join(problems[rowno])]

    return write_rows(out, [*header, row_label, problem_label], bad())  # type: ignore[arg-type]
