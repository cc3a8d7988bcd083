"""`doorstep data import|export|stats` on a real database: --json line, the same file twice,
a bad file's exit code and rejected rows, export and stats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from typer.testing import CliRunner

from doorstep.cli.main import app
from doorstep.container import Container
from tests.integration.intake.conftest import CUSTOMERS, EXAMPLES, HEADER, ROW1, ROW2, write


def _run(c: Container, *args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--database-url", c.settings.database_url],
                              env={"COLUMNS": "60"})


def test_import_prints_json_and_the_same_file_twice_changes_nothing(
        container: Container, tmp_path: Path) -> None:
    """--json prints kind, rows, inserted, updated, unchanged, rejected; a rerun is a no-op."""
    mapping = tmp_path / "m.toml"
    mapping.write_text(CUSTOMERS, encoding="utf-8")
    r = _run(container, "data", "import", "--mapping",
             str(EXAMPLES / "mappings" / "branches.toml"), str(EXAMPLES / "data" / "branches.csv"),
             "--json")
    assert r.exit_code == 0, r.output
    data = write(tmp_path, HEADER + ROW1 + ROW2, encoding="gb18030")
    first = json.loads(_run(container, "data", "import", "--mapping", str(mapping), str(data),
                            "--json").stdout.splitlines()[0])
    assert {k: first[k] for k in ("kind", "rows", "inserted", "updated", "unchanged",
                                  "rejected")} == {"kind": "customers,accounts", "rows": 2,
                                                   "inserted": 4, "updated": 0,
                                                   "unchanged": 0, "rejected": 0}
    again = _run(container, "data", "import", "--mapping", str(mapping), str(data), "--json")
    assert json.loads(again.stdout.splitlines()[0])["status"] == "already_imported"
    stats = json.loads(_run(container, "data", "count", "--json").stdout)
    assert stats["customers"] == 2 and stats["accounts"] == 2
    out = tmp_path / "customers.parquet"
    assert _run(container, "data", "export", "customers", "--out", str(out)).exit_code == 0
    assert out.stat().st_size > 0


def test_bad_file_exits_1_and_writes_the_rejected_rows(container: Container,
                                                      tmp_path: Path) -> None:
    """A file with a bad row exits 1, names the row in Chinese and writes the rejects .xlsx."""
    mapping = tmp_path / "m.toml"
    mapping.write_text(CUSTOMERS, encoding="utf-8")
    _run(container, "data", "import", "--mapping", str(EXAMPLES / "mappings" / "branches.toml"),
         str(EXAMPLES / "data" / "branches.csv"))
    bad = write(tmp_path, HEADER + ROW1 + ROW2.replace("+86 139 0000 1111", "1390000"))
    rejects = tmp_path / "rejects.xlsx"
    r = _run(container, "data", "import", "--mapping", str(mapping), str(bad), "--rejects",
             str(rejects))
    assert r.exit_code == 1 and "第 2 行" in r.stderr and "手机号" in r.stderr
    rows = list(load_workbook(rejects).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "C002" and "手机号码" in rows[1][-1]


def test_queue_runs_the_import_as_a_job_and_follows_it(container: Container,
                                                        tmp_path: Path) -> None:
    """--queue stores the file, follows the import job to 100 % and prints the same report;
    a bad file exits 1 and its rejected rows come back from the file store."""
    env = {"DOORSTEP_JOBS_BROKER": "immediate://", "COLUMNS": "60",
           "DOORSTEP_EVIDENCE_DIR": str(tmp_path / "evidence")}
    mapping = tmp_path / "m.toml"
    mapping.write_text(CUSTOMERS, encoding="utf-8")
    url = container.settings.database_url
    runner = CliRunner()
    branches = runner.invoke(app, [
        "data", "import", "--mapping", str(EXAMPLES / "mappings" / "branches.toml"),
        str(EXAMPLES / "data" / "branches.csv"), "--queue", "--database-url", url], env=env)
    assert branches.exit_code == 0, branches.output
    assert "100%" in branches.output and "doorstep jobs show" in branches.stderr
    bad = write(tmp_path, HEADER + ROW1 + ROW2.replace("+86 139 0000 1111", "1390000"))
    rejects = tmp_path / "rejects.xlsx"
    r = runner.invoke(app, ["data", "import", "--mapping", str(mapping), str(bad), "--queue",
                            "--rejects", str(rejects), "--json", "--database-url", url], env=env)
    assert r.exit_code == 1 and "第 2 行" in r.stderr and "手机号" in r.stderr
    assert json.loads(r.stdout.splitlines()[0])["status"] == "rejected"
    rows = list(load_workbook(rejects).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "C002"
    good = write(tmp_path, HEADER + ROW1)
    ok = runner.invoke(app, ["data", "import", "--mapping", str(mapping), str(good), "--queue",
                             "--json", "--database-url", url], env=env)
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout.splitlines()[-1])["inserted"] == 2
    assert list((tmp_path / "evidence" / "imports" / "uploads").iterdir()) == []
