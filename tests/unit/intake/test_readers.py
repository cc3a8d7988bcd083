"""Source files: encodings declared or detected, XLSX formulas kept as text, Parquet,
empty files and missing columns."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook, load_workbook

from doorstep.intake.files import write_rows
from doorstep.intake.readers import (
    EmptyFile,
    EncodingError,
    MissingColumns,
    check_columns,
    read_rows,
)

TEXT = "客户号,姓名\nC1,张伟\nC2,李静\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_each_encoding_is_detected(tmp_path: Path, encoding: str) -> None:
    """UTF-8, UTF-8 with BOM, GBK and GB18030 files read the same with encoding auto."""
    path = tmp_path / "c.csv"
    path.write_bytes(TEXT.encode(encoding))
    header, rows = read_rows(path, "csv", "auto")
    assert header == ["客户号", "姓名"] and [r["姓名"] for r in rows] == ["张伟", "李静"]


def test_gbk_file_declared_utf8_names_the_line_and_the_likely_encoding(tmp_path: Path) -> None:
    """A GBK file declared as UTF-8 is refused with its line and a suggestion, not garbled."""
    path = tmp_path / "gbk.csv"
    path.write_bytes(("code,name\n" + "A,ok\n" * 3 + "B,张伟\n").encode("gbk"))
    with pytest.raises(EncodingError) as err:
        read_rows(path, "csv", "utf-8")
    assert err.value.params["line"] == 5 and err.value.params["guess"] == "gb18030"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    """An empty file (no header, no rows) is an error, not an import of nothing."""
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile):
        read_rows(path, "csv")


def test_mapping_naming_a_missing_column_lists_what_the_file_has() -> None:
    """A column the mapping needs and the file lacks is named, with the file's columns."""
    with pytest.raises(MissingColumns) as err:
        check_columns(["客户号", "姓名"], {"客户号", "身份证号"}, "f.csv")
    assert err.value.params["columns"] == "身份证号" and "姓名" in err.value.params["available"]


def test_xlsx_formula_is_read_as_text_and_exports_escape_it(tmp_path: Path) -> None:
    """A =HYPERLINK(...) cell is kept as its text, never evaluated; an export escapes it."""
    book = Workbook()
    book.active.append(["name", "note"])
    book.active.append(["张伟", '=HYPERLINK("http://evil.example","点我")'])
    book.save(tmp_path / "in.xlsx")
    _, rows = read_rows(tmp_path / "in.xlsx", "xlsx")
    note = next(rows)["note"]
    assert note == '=HYPERLINK("http://evil.example","点我")'
    write_rows(tmp_path / "out.xlsx", ["note", "amount"], [[note, -5], ["+1", None]])
    cells = [[c.value for c in r] for r in load_workbook(tmp_path / "out.xlsx").active.rows]
    assert cells[1] == ["'" + note, -5] and cells[2][0] == "'+1"
    write_rows(tmp_path / "out.csv", ["note"], [["@SUM(A1)"]])
    assert "'@SUM(A1)" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_parquet_rows_stream_in_batches(tmp_path: Path) -> None:
    """A Parquet file reads row by row with its column names."""
    pq.write_table(pa.table({"code": ["A", "B"], "lat": [22.5, 22.6]}), tmp_path / "b.parquet")
    header, rows = read_rows(tmp_path / "b.parquet", "parquet")
    assert header == ["code", "lat"] and [r["lat"] for r in rows] == [22.5, 22.6]


def test_a_file_that_is_not_what_its_name_says_is_a_clear_error(tmp_path: Path) -> None:
    """Garbage named .xlsx or .parquet is refused by name, not a server error."""
    from doorstep.intake.readers import SourceError

    for name, fmt in (("x.xlsx", "xlsx"), ("x.parquet", "parquet")):
        (tmp_path / name).write_bytes(b"not really")
        with pytest.raises(SourceError):
            read_rows(tmp_path / name, fmt)
