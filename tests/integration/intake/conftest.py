"""A database with the example branches imported, and helpers to import files."""

from __future__ import annotations

from pathlib import Path

import pytest

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.intake.mapping import Mapping, load_mapping, parse_mapping
from doorstep.intake.service import ImportOptions, ImportReport, import_file

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
ADMIN = Principal(user_id=0, username="clerk", role=Role.ADMIN, branch_id=None)
CUSTOMERS = """
[[target]]
kind = "customers"
[target.fields]
customer_no = "客户号"
name = "姓名"
national_id = "身份证号"
phone = "手机号"
address = "地址"
branch_code = "机构"
[[target]]
kind = "accounts"
[target.fields]
account_no = "账号"
customer_no = "客户号"
business_line = { column = "业务", codes = { "贷款" = "loan", "信用卡" = "credit_card" } }
balance = "余额"
opened_on = "开户日"
overdue_amount = { column = "逾期金额", default = 0 }
"""
HEADER = "客户号,姓名,身份证号,手机号,地址,机构,账号,业务,余额,开户日,逾期金额\n"
ROW1 = ("C001,张伟,11010519491231002X,13812345678,广东省深圳市福田区福华路8号,HQ01,A001,贷款,"
        "\"1,234.5元\",2024年3月1日,\n")
ROW2 = ("C002,李静,440301198501011236,+86 139 0000 1111,广东省深圳市南山区科技园1号,HQ01,A002,"
        "信用卡,３万元,20240105,500\n")


def customers_mapping() -> Mapping:
    return parse_mapping(CUSTOMERS)


def run(c: Container, path: Path, mapping: Mapping, **options: bool) -> ImportReport:
    with c.uow() as uow:
        done = import_file(uow, ADMIN, path, mapping, ImportOptions(**options))
        if done.status == "imported":  # a dry run or a rejected file is rolled back
            uow.commit()
        return done


def write(tmp_path: Path, text: str, name: str = "customers.csv",
          encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def branches(container: Container) -> Container:
    """The example bank's three branches, imported through their mapping."""
    report = run(container, EXAMPLES / "data" / "branches.csv",
                 load_mapping(EXAMPLES / "mappings" / "branches.toml"))
    assert report.inserted == {"branches": 3}
    return container
