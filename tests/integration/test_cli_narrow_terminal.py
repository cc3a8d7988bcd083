"""CLI table commands in their own process under COLUMNS=60: identifiers whole, --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from doorstep.cases.compliance import DEFAULT_POLICY
from doorstep.container import Container
from tests.integration.legal.legal_setup import legal_world

CLI = [sys.executable, "-m", "doorstep.cli.main"]


def _run(c: Container, *args: str, columns: str = "60") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": columns, "TERM": "dumb",
           "DOORSTEP_DATABASE_URL": c.engine.url.render_as_string(hide_password=False),
           "DOORSTEP_EVIDENCE_DIR": str(c.settings.evidence_dir)}
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def world(container: Container, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("DOORSTEP_EVIDENCE_DIR", str(container.settings.evidence_dir))
    return legal_world(container)


def test_legal_queue_keeps_case_numbers_at_60_columns(container: Container,
                                                      world: dict[str, Any]) -> None:
    """`doorstep legal queue` at 60 (and 40) columns prints every case number whole."""
    for columns in ("60", "40"):
        done = _run(container, "legal", "list", columns=columns)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert any("AJ2026110000102" in line for line in lines), done.stdout
        assert max(len(line) for line in lines) <= int(columns) + 2


def test_legal_queue_json(container: Container, world: dict[str, Any]) -> None:
    """`doorstep legal queue --json` prints the queue as JSON with the full case numbers."""
    done = _run(container, "legal", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert "AJ2026110000102" in {r["case_no"] for r in rows}


def test_policy_check_keeps_rule_names_at_60_columns(container: Container) -> None:
    """`doorstep policy check` names every rule whole at 60 columns, and as JSON."""
    done = _run(container, "policy", "check", str(DEFAULT_POLICY))
    assert done.returncode == 0, done.stderr
    assert "third_party_min_failed_attempts" in done.stdout
    as_json = _run(container, "policy", "check", str(DEFAULT_POLICY), "--json")
    assert {r["rule"] for r in json.loads(as_json.stdout)} >= {"max_contacts_per_day"}


def test_jobs_list_keeps_kind_at_60_columns_and_json(container: Container) -> None:
    """`doorstep jobs list` prints the job kind whole at 60 columns, and `--json` the rows."""
    with container.uow() as uow:
        job_id = uow.jobs.add("screening.retrain_all_branches", {}, {"username": "analyst"},
                              container.clock.now())
        uow.commit()
    done = _run(container, "jobs", "list")
    assert done.returncode == 0, done.stderr
    assert "screening.retrain_all_branches" in done.stdout
    as_json = _run(container, "jobs", "list", "--json")
    assert json.loads(as_json.stdout)[0]["id"] == job_id
    assert json.loads(as_json.stdout)[0]["kind"] == "screening.retrain_all_branches"


def test_demo_load_json_at_60_columns(tmp_path: Any) -> None:
    """`doorstep demo load --json` prints only JSON on stdout at 60 columns: row counts and
    the demo logins with their user names whole."""
    env = {**os.environ, "COLUMNS": "60", "TERM": "dumb"}
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    done = subprocess.run([*CLI, "demo", "load", "--customers", "20", "--no-today", "--json",
                           "--database-url", url], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["rows"]["customers"] == 20
    assert {"programme_manager", "field_staff"} <= {u["role"] for u in out["logins"]}
