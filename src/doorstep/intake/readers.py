"""Source files as a stream of rows (dicts keyed by header): CSV in UTF-8, UTF-8 with BOM,
GBK or GB18030 (declared or detected), XLSX read-only with formulas kept as their text,
Parquet in record batches. Nothing holds the whole file."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from doorstep.core.errors import ValidationFailed
from doorstep.intake.formats import FORMATS

SNIFF_BYTES = 1 << 16
csv.field_size_limit(1 << 24)


class SourceError(ValidationFailed):
    code = "intake.source_invalid"


class EncodingError(ValidationFailed):
    code = "intake.encoding"


class EmptyFile(ValidationFailed):
    code = "intake.empty_file"


class MissingColumns(ValidationFailed):
    code = "intake.missing_column"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def detect_encoding(head: bytes) -> str:
    """``utf-8-sig`` with a BOM, ``utf-8`` when the head decodes as such, else ``gb18030``
    (a superset of GBK, which Chinese core-banking exports use)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def format_of(path: Path, declared: str | None) -> str:
    if declared:
        return declared
    suffix = path.suffix.lower().lstrip(".")
    return {"xlsx": "xlsx", "xlsm": "xlsx", "parquet": "parquet", "pq": "parquet"}.get(
        suffix, "csv")


def read_rows(path: Path, fmt: str, encoding: str = "auto", sheet: str | None = None
              ) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """The header and a lazy iterator over the data rows."""
    if path.stat().st_size == 0:
        raise EmptyFile(file=path.name)
    if fmt == "xlsx":
        return _xlsx(path, sheet)
    if fmt == "parquet":
        return _parquet(path)
    return _csv(path, encoding)


_SEP = str(FORMATS["list_separator"])


def check_columns(header: list[str], needed: set[str], file: str) -> None:
    missing = sorted(needed - set(header))
    if missing:
        raise MissingColumns(file=file, columns=_SEP.join(missing),
                             available=_SEP.join(header[:30]))


def _csv(path: Path, encoding: str) -> tuple[list[str], Iterator[dict[str, Any]]]:
    raw: BinaryIO = path.open("rb")
    head = raw.read(SNIFF_BYTES)
    raw.seek(0)
    chosen = detect_encoding(head) if encoding == "auto" else encoding
    if chosen == "utf-8" and head.startswith(codecs.BOM_UTF8):
        chosen = "utf-8-sig"
    try:
        codecs.getincrementaldecoder(chosen)().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raw.close()
        raise EncodingError(file=path.name, encoding=chosen,
                            line=head[:exc.start].count(b"\n") + 1,
                            guess=detect_encoding(head)) from None
    text = io.TextIOWrapper(raw, encoding=chosen, newline="")
    reader = csv.reader(text)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raw.close()
        raise EmptyFile(file=path.name) from None
    except UnicodeDecodeError:
        raw.close()
        raise EncodingError(file=path.name, encoding=chosen, line=1,
                            guess=detect_encoding(head)) from None
    except csv.Error as exc:
        raw.close()
        raise SourceError(file=path.name, problem=f"line 1: {exc}") from None
    return header, _csv_rows(reader, header, raw, path.name, chosen, head)


def _csv_rows(reader: Any, header: list[str], raw: BinaryIO, name: str, encoding: str,
              head: bytes) -> Iterator[dict[str, Any]]:
    line = 1
    try:
        for values in reader:
            line += 1
            if not any(v.strip() for v in values):
                continue
            yield dict(zip(header, values, strict=False))
    except UnicodeDecodeError:
        guess = "gb18030" if encoding.startswith("utf") else "utf-8"
        raise EncodingError(file=name, encoding=encoding, line=line + 1, guess=guess) from None
    except csv.Error as exc:
        raise SourceError(file=name, problem=f"line {line + 1}: {exc}") from None
    finally:
        raw.close()


def _xlsx(path: Path, sheet: str | None) -> tuple[list[str], Iterator[dict[str, Any]]]:
    from openpyxl import load_workbook

    # data_only=False: a formula cell is read as its text ("=HYPERLINK(...)"), never run
    try:
        book = load_workbook(path, read_only=True, data_only=False)
        ws = book[sheet] if sheet else book.worksheets[0]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceError(file=path.name, problem=str(exc)[:200]) from None
    rows = ws.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        book.close()
        raise EmptyFile(file=path.name) from None

    def stream() -> Iterator[dict[str, Any]]:
        try:
            for values in rows:
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                yield dict(zip(header, values, strict=False))
        finally:
            book.close()

    return header, stream()


def _parquet(path: Path) -> tuple[list[str], Iterator[dict[str, Any]]]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own ArrowInvalid family
        raise SourceError(file=path.name, problem=str(exc)[:200]) from None
    header = list(pf.schema_arrow.names)

    def stream() -> Iterator[dict[str, Any]]:
        for batch in pf.iter_batches(batch_size=10_000):
            yield from batch.to_pylist()

    return header, stream()
