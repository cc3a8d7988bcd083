"""Logs never carry secrets or personal data (DESIGN §9): checked on a real run's output."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from doorstep.container import Container
from doorstep.store import tables as t
from tests import visit_factories as vf

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow  # in `make test`, not in `make test-fast`


def test_a_working_session_logs_no_password_token_phone_or_national_id(
        container: Container, tmp_path: Path) -> None:
    """Logging in (API and web, one wrong password), revealing a phone and a national id and
    recording a visit leave log lines holding none of the passwords, the bearer token, the
    session id, the CSRF token, the full phone or the national id."""
    fx = vf.field_setup(container)
    with container.engine.connect() as conn:
        customer = conn.execute(select(t.cases.c.customer_id)
                                .where(t.cases.c.id == fx.case)).scalar_one()
    url = container.engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.security.log_run", url, str(tmp_path / "ev"),
         json.dumps(dataclasses.asdict(fx)), str(customer)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["visit_status"] == 201
    log = done.stderr
    assert '"event": "request"' in log and '"/api/v1/visits"' in log
    assert '"/api/v1/customers/{customer_id}/reveal"' in log
    secrets = [s for s in result["secrets"] if s]
    assert len(secrets) == 7
    for secret in secrets:
        assert secret not in log, f"a secret starting {secret[:3]!r} was logged"
