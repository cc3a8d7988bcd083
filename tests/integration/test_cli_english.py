"""The command line in English (``DOORSTEP_LANG=en``) through the main app: tables, printed
lines and errors carry no Chinese character (issue 14), while the suite's default stays zh-CN."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from doorstep.cli.main import app
from doorstep.container import Container
from doorstep.core.access import Role
from tests import factories as f

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]")
runner = CliRunner()


def _in_english(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("DOORSTEP_LANG", "en")
    monkeypatch.setenv("COLUMNS", "160")
    result = runner.invoke(app, args)
    return result.exit_code, result.output


def test_commands_speak_english(container: Container, database_url: str,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A table (headers translated at print time), a success line, a not-found error and an
    unknown user are all English, without one CJK character."""
    db = ["--database-url", database_url]
    f.branch(container)
    f.user(container, "disp", Role.DISPATCHER, "FT01")
    code, listed = _in_english(["complaints", "list", *db], monkeypatch)
    assert code == 0 and "Complaint no." in listed and "Due by" in listed, listed
    code, created = _in_english(["users", "create", "ops2", "--role", "analyst",
                                 "--password", "Secret-pass-123", *db], monkeypatch)
    assert code == 0 and "Created user ops2" in created, created
    code, missing = _in_english(["jobs", "show", "424242", *db], monkeypatch)
    assert code == 1 and "Error" in missing and "424242" in missing, missing
    code, nobody = _in_english(["complaints", "close", "1", "--as", "nobody", "--note",
                                "called back", *db], monkeypatch)
    assert code == 1 and "Error" in nobody and "nobody" in nobody, nobody
    for output in (listed, created, missing, nobody):
        assert not CJK.search(output), output


def test_default_language_stays_chinese(container: Container, database_url: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without DOORSTEP_LANG the same error reads in Chinese (the product's default)."""
    monkeypatch.delenv("DOORSTEP_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    result = runner.invoke(app, ["jobs", "show", "424242", "--database-url", database_url])
    assert result.exit_code == 1 and "错误" in result.output, result.output
