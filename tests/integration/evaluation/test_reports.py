"""Reports against a real database: Excel sheets, Chinese PDF text, the idempotent monthly job."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.errors import PermissionDenied
from doorstep.documents.pdf import find_chinese_font
from doorstep.evaluation.model import Period
from doorstep.evaluation.reports.monthly import export_report, run_monthly
from doorstep.store.tables_evaluation import report_runs
from tests import factories as f
from tests.integration.evaluation.known_bank import known_bank
from tests.pdf_text import pdf_text

OCTOBER = Period.month("2026-10")


@pytest.fixture
def bank(container: Container) -> dict[str, Any]:
    return known_bank(container, {"pm": (Role.PROGRAMME_MANAGER, None),
                                  "trainer": (Role.TRAINER, None)})


def test_workbook_has_a_sheet_per_view(container: Container, bank: dict[str, Any]) -> None:
    """The Excel export carries overview, goals, each breakdown, satisfaction and effect."""
    with container.uow(write=False) as uow:
        x = export_report(uow, f.principal(container, "pm"), bank["plan"], OCTOBER, "xlsx")
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames == ["概览", "计划目标", "按外访小组", "按员工", "按业务条线", "按网点",
                             "满意度", "意见主题", "拜访效果"]
    overview = {r[0]: r[1] for r in wb["概览"].iter_rows(values_only=True)}
    assert overview["期间内案件数"] == 5 and overview["化解率"] == 0.5
    assert overview["回收金额"] == 700.0


def test_pdf_renders_chinese(container: Container, bank: dict[str, Any]) -> None:
    """The PDF export's text is Chinese and shows goals and why the effect cannot be judged."""
    with container.uow(write=False) as uow:
        x = export_report(uow, f.principal(container, "pm"), bank["plan"], OCTOBER, "pdf",
                          find_chinese_font())
    text = pdf_text(x.content)
    assert "十月化解计划" in text and "计划目标达成情况" in text
    assert "尚无已审批的随机化筛选名单，暂无法评估上门效果" in text


def test_export_needs_report_permission(container: Container, bank: dict[str, Any]) -> None:
    """A trainer may read evaluations but not export them."""
    with container.uow(write=False) as uow, pytest.raises(PermissionDenied):
        export_report(uow, f.principal(container, "trainer"), bank["plan"], OCTOBER, "xlsx")


def test_monthly_job_is_idempotent(container: Container, bank: dict[str, Any],
                                   tmp_path: Path) -> None:
    """A rerun of the same month skips unchanged files; force or a lost file regenerates."""
    pm, font = f.principal(container, "pm"), find_chinese_font()

    def run(force: bool = False) -> Any:
        with container.uow() as uow:
            done = run_monthly(uow, pm, "2026-10", bank["plan"], tmp_path, font, force=force)
            uow.commit()
            return done
    first = run()
    assert first.status == "done" and first.cases == 5 and all(p.is_file() for p in first.files)
    assert run().status == "skipped"
    first.files[0].unlink()
    assert run().status == "done" and first.files[0].is_file()
    assert run(force=True).status == "done"
    with container.engine.connect() as conn:
        statuses = conn.execute(select(report_runs.c.status).order_by(report_runs.c.id)).scalars()
        assert list(statuses) == ["done", "skipped", "done", "done"]
        assert conn.execute(select(func.count()).select_from(report_runs)).scalar() == 4


def test_bank_wide_workbook_breaks_down_by_plan(container: Container,
                                                bank: dict[str, Any]) -> None:
    """Without a plan the workbook covers every case, with a sheet by plan and no goals."""
    with container.uow(write=False) as uow:
        x = export_report(uow, f.principal(container, "pm"), None, OCTOBER, "xlsx")
    wb = load_workbook(io.BytesIO(x.content))
    assert "按计划" in wb.sheetnames and "计划目标" not in wb.sheetnames
    by_plan = {r[0]: r[1] for r in wb["按计划"].iter_rows(min_row=2, values_only=True)}
    assert by_plan == {"十月化解计划": 5, "其他计划": 1}
