"""The CLI starts a screening run as a background job, shows a progress bar, and
`doorstep jobs show` reports it done with its result page."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from doorstep.cli.main import app
from doorstep.container import Container
from tests.e2e.screening_bank import AS_OF, PLAN, prepare_bank


def test_a_queued_screening_run_is_followed_to_its_list(container: Container) -> None:
    """`screening run --queue` follows the job to 100 % and prints the run's summary; the job
    reads done with a link to the run (immediate broker, narrow terminal)."""
    prepare_bank(container)
    url = container.engine.url.render_as_string(hide_password=False)
    env = {"DOORSTEP_JOBS_BROKER": "immediate://", "COLUMNS": "60"}
    runner = CliRunner()
    done = runner.invoke(app, ["screening", "run", "--plan", str(PLAN), "--as-of",
                               AS_OF.isoformat(), "--queue", "--database-url", url], env=env)
    assert done.exit_code == 0, done.output
    job = re.search(r"job (\d+)", done.output)
    assert job is not None and "100%" in done.output and "selected" in done.output
    shown = runner.invoke(app, ["jobs", "show", job.group(1), "--database-url", url], env=env)
    assert shown.exit_code == 0 and "已完成" in shown.output
    assert re.search(r"/screening/runs/\d+", shown.output)
    missing = runner.invoke(app, ["screening", "run", "--plan", "999", "--queue",
                                  "--database-url", url], env=env)
    assert missing.exit_code == 1 and "未找到" in missing.output
