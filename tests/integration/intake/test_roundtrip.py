"""Export then import into an empty database gives identical tables; XLSX with a formula cell
and Excel date serials; the same kinds in CSV, XLSX and Parquet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select, text

from doorstep.container import Container
from doorstep.intake.export import export_kind
from doorstep.intake.mapping import identity_mapping, load_mapping, parse_mapping
from doorstep.intake.model import ORDER, Kind
from doorstep.store.schema import metadata
from doorstep.store.tables import accounts, complaints, customers
from tests.integration.intake.conftest import (
    ADMIN,
    EXAMPLES,
    HEADER,
    ROW1,
    ROW2,
    customers_mapping,
    run,
    write,
)

COMPLAINTS = """
[[target]]
kind = "complaints"
[target.fields]
complaint_no = "编号"
customer_no = "客户号"
received_at = "日期"
channel = { column = "渠道", codes = { "12378" = "regulator", "热线" = "hotline" } }
text = "内容"
"""


def _snapshot(c: Container) -> dict[str, list[tuple[Any, ...]]]:
    """Every imported kind in its own fields (personal data opened), in key order."""
    with c.uow(write=False) as uow:
        return {k.value: sorted(tuple(str(v) for v in r.values())
                                for r in uow.intake.export_rows(k)) for k in ORDER}


def _empty(c: Container) -> None:
    with c.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(t.name for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_export_then_import_into_an_empty_database_is_identical(
        branches: Container, tmp_path: Path, suffix: str) -> None:
    """Every kind exported and imported again, into emptied tables, reads back the same."""
    c = branches
    run(c, EXAMPLES / "data" / "staff.csv", load_mapping(EXAMPLES / "mappings" / "staff.toml"))
    run(c, write(tmp_path, HEADER + ROW1 + ROW2), customers_mapping())
    run(c, write(tmp_path, "编号,客户号,日期,渠道,内容\nK1,C001,2026/10/3 09:30,12378,"
                 "=HYPERLINK(\"x\")\n", "k.csv"), parse_mapping(COMPLAINTS))
    before = _snapshot(c)
    files = {}
    for kind in ORDER:
        with c.uow() as uow:
            export_kind(uow, ADMIN, kind, tmp_path / f"{kind.value}{suffix}")
            uow.commit()
        files[kind] = tmp_path / f"{kind.value}{suffix}"
    _empty(c)
    for kind in ORDER:
        report = run(c, files[kind], identity_mapping(kind))
        assert report.status == "imported", report.errors[:3]
    assert _snapshot(c) == before
    assert before["complaints"][0][-2] == '=HYPERLINK("x")'


def test_xlsx_formula_stays_text_and_date_serials_read(branches: Container,
                                                       tmp_path: Path) -> None:
    """A formula cell is stored as its text (never evaluated); an Excel serial is a date."""
    run(branches, write(tmp_path, HEADER + ROW1), customers_mapping())
    book = Workbook()
    book.active.append(["编号", "客户号", "日期", "渠道", "内容"])
    book.active.append(["K9", "C001", 46354, "热线", '=HYPERLINK("http://x.example","点击")'])
    book.save(tmp_path / "k.xlsx")
    report = run(branches, tmp_path / "k.xlsx", parse_mapping(COMPLAINTS))
    assert report.status == "imported"
    with branches.engine.connect() as conn:
        row = conn.execute(select(complaints.c.text, complaints.c.received_at,
                                  complaints.c.branch_id)).one()
    assert row.text == '=HYPERLINK("http://x.example","点击")'
    assert row.received_at.date() == date(2026, 11, 28)


def test_empty_file_and_missing_column_are_refused_before_anything_is_written(
        branches: Container, tmp_path: Path) -> None:
    """An empty file and a mapping naming an absent column write nothing and say why."""
    from doorstep.intake.readers import EmptyFile, MissingColumns

    with pytest.raises(EmptyFile):
        run(branches, write(tmp_path, "", "empty.csv"), customers_mapping())
    with pytest.raises(MissingColumns) as err:
        run(branches, write(tmp_path, HEADER.replace("手机号", "电话") + ROW1),
            customers_mapping())
    assert err.value.params["columns"] == "手机号"
    with branches.engine.connect() as conn:
        assert conn.execute(select(customers.c.id)).first() is None
        assert conn.execute(select(accounts.c.id)).first() is None


def test_identity_mapping_covers_every_field() -> None:
    """An export's own columns map back to every field of its kind."""
    assert set(identity_mapping(Kind.ACCOUNTS).targets[0].fields) >= {"account_no",
                                                                      "customer_no"}
