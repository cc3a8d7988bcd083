"""Mapping files: columns, templates, code tables, repeats, and the errors of a bad mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from doorstep.intake.check import check_rows
from doorstep.intake.mapping import MappingError, load_mapping, map_row, parse_mapping
from doorstep.intake.model import Kind

ROOT = Path(__file__).resolve().parents[3]
MAPPING = """
[[target]]
kind = "customers"
[target.fields]
customer_no = "客户号"
name = "姓名"
national_id = "身份证号"
phone = "手机"
branch_code = { value = "HQ01" }
gender = { column = "性别", codes = { "男" = "M", "女" = "F" } }

[[target]]
kind = "accounts"
[target.fields]
account_no = "账号"
customer_no = "客户号"
business_line = { value = "loan" }
balance = "余额"
"""
GOOD = {"客户号": "C1", "姓名": "张伟", "身份证号": "11010519491231002X",
        "手机": "13812345678", "性别": "男", "账号": "A1", "余额": "1,234.5元"}


def _no_db(kind: Kind, keys: list[str]) -> set[str]:
    """A database that holds branch HQ01 and nothing else."""
    return {"HQ01"} & set(keys) if kind is Kind.BRANCHES else set()


def test_shipped_mappings_load() -> None:
    """The example mappings shipped for the public files are valid."""
    for name in ("uci_credit_card", "cfpb_complaints", "branches", "staff"):
        mapping = load_mapping(ROOT / "examples" / "mappings" / f"{name}.toml")
        assert mapping.targets


def test_uci_row_becomes_customer_account_and_six_months() -> None:
    """One UCI row maps to one customer, one card account and six repayment months."""
    m = load_mapping(ROOT / "examples" / "mappings" / "uci_credit_card.toml")
    row = {"ID": "7", "LIMIT_BAL": "50000", "SEX": "2", "AGE": "35", "PAY_0": "2",
           **{f"PAY_{i}": "0" for i in range(2, 7)},
           **{f"BILL_AMT{i}": "-10" for i in range(1, 7)},
           **{f"PAY_AMT{i}": "100" for i in range(1, 7)}}
    months = map_row(m.targets[2], row)
    assert [r["month"] for r, _, _ in months][:2] == ["2005-09", "2005-08"]
    assert months[0][0]["days_past_due"] == 60 and str(months[0][0]["amount_due"]) == "0"
    assert map_row(m.targets[0], row)[0][0]["birth_year"] == 1970


def test_good_rows_pass_and_bad_ones_are_named_by_row_and_column() -> None:
    """A wrong check digit and an unknown code are errors on their row and source column."""
    bad = GOOD | {"客户号": "C2", "账号": "A2", "身份证号": "110105194912310021", "性别": "?"}
    result = check_rows(parse_mapping(MAPPING), [GOOD, bad], _no_db)
    assert result.bad_rows == {2}
    found = {(e.row, e.column, e.code) for e in result.errors}
    assert found == {(2, "身份证号", "intake.national_id_check"),
                     (2, "性别", "intake.unknown_code")}


def test_same_customer_twice_with_different_data_is_an_error_on_both_rows() -> None:
    """A key twice with different data names both rows; twice the same is no error."""
    other = GOOD | {"姓名": "张伟伟", "账号": "A2"}
    result = check_rows(parse_mapping(MAPPING), [GOOD, GOOD, other], _no_db)
    assert {(e.row, e.code, e.params["other"]) for e in result.errors} == {
        (1, "intake.duplicate", 3), (2, "intake.duplicate", 3), (3, "intake.duplicate", 1)}


def test_account_whose_customer_exists_nowhere_is_refused() -> None:
    """An account's customer must be in the file or the database."""
    m = parse_mapping(MAPPING.split("[[target]]")[0] + "[[target]]" + MAPPING.split(
        "[[target]]")[2])
    result = check_rows(m, [{"账号": "A9", "客户号": "NOBODY", "余额": "1"}], _no_db)
    assert [(e.code, e.params["value"]) for e in result.errors] == [
        ("intake.missing_reference", "NOBODY")]
    ok = check_rows(m, [{"账号": "A9", "客户号": "KNOWN", "余额": "1"}],
                    lambda kind, keys: {"KNOWN", "HQ01"} & set(keys))
    assert not ok.errors


@pytest.mark.parametrize(("text", "problem"), [
    ('[[target]]\nkind = "loans"', "kind"),
    ('[[target]]\nkind = "accounts"\n[target.fields]\naccount_no = "a"', "required"),
    ('[[target]]\nkind = "branches"\n[target.fields]\nfoo = "x"', "no field"),
    ('[source]\nencoding = "latin-1"\n[[target]]\nkind = "branches"', "encoding")])
def test_bad_mappings_are_refused_with_the_reason(text: str, problem: str) -> None:
    """An unknown kind, field or encoding, or a missing required field, is named."""
    with pytest.raises(MappingError) as err:
        parse_mapping(text)
    assert problem in err.value.params["problem"]
