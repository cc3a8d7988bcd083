"""/metrics adds up the samples of every worker process (Prometheus multiprocess mode)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from doorstep.http import metrics

SRC = Path(__file__).resolve().parents[3] / "src"
WORK = ("from doorstep.jobs import metrics; "
        "metrics.finished('screening.run', 'done', 1.5); "
        "metrics.finished('screening.run', 'error', 0.2)")


def test_job_metrics_of_two_worker_processes_are_summed(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two job workers each finish a run and crash one: the scrape shows 2 and 2."""
    env = os.environ | {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(SRC)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", WORK], env=env, check=True)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    text = metrics.render(lambda: {("screening.run", "done"): 2}).decode()
    assert 'doorstep_jobs_finished_total{kind="screening.run",outcome="done"} 2.0' in text
    assert 'doorstep_jobs_finished_total{kind="screening.run",outcome="error"} 2.0' in text
    assert 'doorstep_job_seconds_count{kind="screening.run"} 4.0' in text
    assert 'doorstep_jobs{kind="screening.run",state="done"} 2.0' in text
