"""`doorstep legal …`: export writes the PDF and ZIP; bad input exits non-zero with a
Chinese message (tampered evidence named, unknown case, extension without reason)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from doorstep.cli.main import app
from doorstep.container import Container
from doorstep.visits.records.config import file_store
from tests.integration.legal.legal_setup import legal_world

runner = CliRunner()


@pytest.fixture
def world(container: Container, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("DOORSTEP_EVIDENCE_DIR", str(container.settings.evidence_dir))
    return legal_world(container)


def _run(container: Container, *args: str) -> tuple[int, str]:
    """Exit code and output without whitespace (rich wraps long lines)."""
    result = runner.invoke(app, ["legal", *args, "--database-url",
                                 container.settings.database_url])
    return result.exit_code, "".join(result.output.split())


def test_export_writes_pdf_and_zip(container: Container, world: dict[str, Any],
                                   tmp_path: Path) -> None:
    """The export command writes the case file's PDF and ZIP into the output directory."""
    code, output = _run(container, "export", "AJ2026110000101", "--out", str(tmp_path / "out"))
    assert code == 0 and "已导出案卷AJ2026110000101" in output, output
    with zipfile.ZipFile(tmp_path / "out" / "AJ2026110000101-case-file.zip") as zf:
        assert "manifest.txt" in zf.namelist()
    assert (tmp_path / "out" / "AJ2026110000101.pdf").read_bytes().startswith(b"%PDF")


def test_export_names_a_tampered_file(container: Container, world: dict[str, Any],
                                      tmp_path: Path) -> None:
    """A tampered evidence file ends the export with exit code 1 and names the file."""
    path = file_store(container.settings)._path(world["card"].evidence_key)
    path.write_bytes(b"\xff\xd8\xff\xe0 replaced")
    code, output = _run(container, "export", "AJ2026110000101", "--out", str(tmp_path))
    assert code == 1 and "门口照片.jpg" in output
    assert not list(tmp_path.glob("*.zip"))


def test_bad_input_exits_non_zero(container: Container, world: dict[str, Any],
                                  tmp_path: Path) -> None:
    """An unknown case or an extension without reason exits 1 with a message."""
    code, output = _run(container, "export", "AJ0000", "--out", str(tmp_path))
    assert code == 1 and "未找到案件" in output
    assert _run(container, "mediate", "AJ2026110000101")[0] == 0
    code, output = _run(container, "extend", "AJ2026110000101", "--days", "10")
    assert code == 1 and "延期须填写理由" in output
    code, output = _run(container, "list")
    assert code == 0 and "AJ2026110000102" in output
