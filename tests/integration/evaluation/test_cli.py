"""The report CLI on a real database: monthly job output, rerun skip, bad input, KPI table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from doorstep.cli.main import app
from doorstep.container import Container
from tests import factories as f
from tests.integration.evaluation.known_bank import build


@pytest.fixture
def plan(container: Container) -> int:
    ft = f.branch(container)
    ns = f.branch(container, "NS01", "南山支行")
    return build(container, ft, ns, f.team(container, ft))["plan"]


def _run(container: Container, *args: str) -> Any:
    url = container.settings.database_url
    return CliRunner().invoke(app, [*args, "--database-url", url])


def test_monthly_writes_then_skips(container: Container, plan: int, tmp_path: Path) -> None:
    """`reports write` writes Excel and PDF once; the same month again is skipped."""
    first = _run(container, "reports", "write", "--month", "2026-10", "--plan", str(plan),
                 "--out", str(tmp_path))
    assert first.exit_code == 0, first.output
    assert "已生成" in first.output and sorted(p.suffix for p in tmp_path.iterdir()) == [
        ".pdf", ".xlsx"]
    again = _run(container, "reports", "write", "--month", "2026-10", "--plan", str(plan),
                 "--out", str(tmp_path))
    assert again.exit_code == 0 and "已跳过" in again.output


def test_bad_month_exits_non_zero(container: Container, plan: int, tmp_path: Path) -> None:
    """An invalid month is a clear error with exit code 1."""
    r = _run(container, "reports", "write", "--month", "2026-13", "--out", str(tmp_path))
    assert r.exit_code == 1 and "统计期间无效" in r.output


def test_kpis_command_prints_the_table(container: Container, plan: int) -> None:
    """`evaluation show-kpis` prints every KPI of the plan for the month."""
    r = _run(container, "evaluation", "show-kpis", "--plan", str(plan), "--month", "2026-10")
    assert r.exit_code == 0, r.output
    assert "上门触达率" in r.output and "60.0%" in r.output and "¥700.00" in r.output
    rows = json.loads(_run(container, "evaluation", "show-kpis", "--plan", str(plan),
                           "--month", "2026-10", "--json").stdout)
    assert {"metric", "label", "value"} <= set(rows[0]) and len(rows) >= 5


def test_refresh_writes_snapshots_once_per_key(container: Container, plan: int) -> None:
    """`evaluation refresh` snapshots every active plan per scope; a rerun replaces them."""
    from sqlalchemy import func, select

    from doorstep.store.tables_evaluation import kpi_snapshots

    for _ in range(2):
        r = _run(container, "evaluation", "refresh")
        assert r.exit_code == 0, r.output
        assert "已刷新 2 个计划的指标快照，共 5 份" in r.output
    with container.uow(write=False) as uow:
        n = uow.conn.execute(select(func.count()).select_from(kpi_snapshots)).scalar_one()
    assert n == 5
    bad = _run(container, "evaluation", "refresh", "--plan", "99999")
    assert bad.exit_code != 0 and "99999" in bad.output
