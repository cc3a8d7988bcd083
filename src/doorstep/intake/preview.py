"""The first rows of a file as the mapping makes them, for a clerk to look at before the
dry run (values typed, personal data masked)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from doorstep.intake.check import mapped_records
from doorstep.intake.mapping import Mapping
from doorstep.intake.model import FIELDS, Kind
from doorstep.intake.readers import check_columns, format_of, read_rows

PREVIEW_ROWS = 20


@dataclass
class KindPreview:
    kind: Kind
    fields: list[str]
    rows: list[tuple[int, list[str], bool]] = field(default_factory=list)  # row, cells, bad


def _cell(kind: Kind, name: str, value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if FIELDS[kind][name].personal and len(text) > 4:
        return text[:3] + "*" * (len(text) - 5) + text[-2:]
    return text


def preview(path: Path, mapping: Mapping, n: int = PREVIEW_ROWS) -> list[KindPreview]:
    """Each target kind's records from the first ``n`` rows of ``path``."""
    header, rows = read_rows(path, format_of(path, mapping.format), mapping.encoding,
                             mapping.sheet)
    check_columns(header, mapping.required_columns(), path.name)
    out = {t.kind: KindPreview(t.kind, list(t.fields)) for t in mapping.targets}
    for rowno, row in enumerate(islice(rows, n), 1):
        for kind, record, errors, _ in mapped_records(mapping, rowno, row):
            p = out[kind]
            p.rows.append((rowno, [_cell(kind, f, record.get(f)) for f in p.fields],
                           bool(errors)))
    return list(out.values())
