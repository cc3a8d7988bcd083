"""The operations commands: backup, restore (refusal without --force), retention purge."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from doorstep.cli import ops
from doorstep.container import Container
from doorstep.core.settings import Settings
from tests.integration.ops.helpers import small_bank


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.command("backup")(ops.backup)
    app.command("restore")(ops.restore)
    app.add_typer(ops.retention_app, name="retention")
    return app


def _url(c: Container) -> str:
    return c.engine.url.render_as_string(hide_password=False)


def test_backup_then_restore_from_the_command_line(container: Container, tmp_path: Path) -> None:
    """`doorstep restore` refuses a non-empty database with exit 1 and restores with --force."""
    small_bank(container)
    runner, app, archive = CliRunner(), _cli(), tmp_path / "nightly.tar.gz"
    common = ["--database-url", _url(container), "--evidence-dir",
              str(container.settings.evidence_dir)]
    done = runner.invoke(app, ["backup", "--out", str(archive), *common])
    assert done.exit_code == 0, done.output
    assert "2 个证据文件" in done.output and archive.is_file()
    refused = runner.invoke(app, ["restore", str(archive), *common])
    assert refused.exit_code == 1 and "--force" in refused.output
    forced = runner.invoke(app, ["restore", str(archive), "--force", *common])
    assert forced.exit_code == 0 and "已核对" in forced.output
    missing = runner.invoke(app, ["restore", str(tmp_path / "none.tar.gz"), *common])
    assert missing.exit_code == 2


def test_retention_purge_command(container: Container, tmp_path: Path) -> None:
    """`doorstep retention purge --dry-run` prints the kinds; a bad schedule exits 2."""
    runner, app = CliRunner(), _cli()
    common = ["--database-url", _url(container), "--evidence-dir", str(tmp_path / "ev")]
    dry = runner.invoke(app, ["retention", "purge", "--dry-run", *common])
    assert dry.exit_code == 0, dry.output
    assert "演练" in dry.output and "过期会话" in dry.output
    rows = json.loads(runner.invoke(app, ["retention", "purge", "--dry-run", "--json",
                                          *common]).stdout)
    assert isinstance(rows, list) and all(set(r) == {"id", "label", "why"} for r in rows)
    bad = tmp_path / "r.toml"
    bad.write_text("[retention]\nevidence_months = 6\n")
    refused = runner.invoke(app, ["retention", "purge", "--schedule", str(bad), *common])
    assert refused.exit_code == 2 and "24" in refused.output


def test_the_real_command_logs_json_to_stderr_only(tmp_path: Path) -> None:
    """`doorstep retention purge` (the installed command, its own process): the report on
    stdout, the structured JSON log line on stderr."""
    import os
    import subprocess
    import sys
    from datetime import datetime, timedelta

    from doorstep.core.access import Role
    from doorstep.store import tables as t
    from tests import factories as f

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {**os.environ, "DOORSTEP_DATABASE_URL": url,
           "DOORSTEP_EVIDENCE_DIR": str(tmp_path / "ev")}
    cli = [sys.executable, "-m", "doorstep.cli.main"]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    c = Container.build(Settings(database_url=url, evidence_dir=tmp_path / "ev"))
    user = f.user(c, "u1", Role.ANALYST)
    expired = datetime.utcnow() - timedelta(days=30)
    with c.engine.begin() as conn:
        conn.execute(t.web_sessions.insert().values(
            id_hash="s-secret-hash", user_id=user, csrf_token="x", created_at=expired,
            expires_at=expired + timedelta(hours=8)))
    c.engine.dispose()
    done = subprocess.run([*cli, "retention", "purge"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in done.stderr.splitlines() if x.startswith("{")]
    purged = [x for x in lines if x.get("event") == "retention_purged"]
    assert purged and purged[0]["level"] == "info"
    assert purged[0]["counts"]["web_sessions"] == 1
    assert "retention_purged" not in done.stdout


def test_purging_live_evidence_from_the_command_line_is_refused(container: Container,
                                                                tmp_path: Path) -> None:
    """`doorstep retention purge --case` on an open case exits 1 naming the case and why,
    and removes nothing (the evidence rows and files stay)."""
    from sqlalchemy import func, select

    from doorstep.store import tables as t

    bank = small_bank(container)
    runner, app = CliRunner(), _cli()
    common = ["--database-url", _url(container), "--evidence-dir",
              str(container.settings.evidence_dir)]
    refused = runner.invoke(app, ["retention", "purge", "--case", "AJ2026110000001", *common])
    assert refused.exit_code == 1
    assert "AJ2026110000001" in refused.output and "证据须保留" in refused.output
    with container.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.evidence)).scalar_one() == 2
    assert all((container.settings.evidence_dir / key).exists() for _, key in bank["evidence"])
