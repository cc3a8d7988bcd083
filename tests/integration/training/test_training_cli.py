"""`doorstep training list-certificates --expiring N` lists certificates ending within N days."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import insert
from typer.testing import CliRunner

from doorstep.cli.main import app
from doorstep.container import Container
from doorstep.store import tables as t
from tests import factories as f

runner = CliRunner()


def test_expiring_certificates_listed_and_bad_window_refused(container: Container,
                                                             database_url: str) -> None:
    """A certificate ending in 18 days is listed, one in 300 days is not; 0 days exits 1."""
    ft = f.branch(container)
    member = f.staff(container, ft, "S-001", "黄磊")
    with container.engine.begin() as conn:
        soon, later = date.today() + timedelta(days=18), date.today() + timedelta(days=300)
        for kind, ends in (("visit_compliance", soon), ("wealth_advisor", later)):
            conn.execute(insert(t.certificates).values(
                staff_id=member, kind=kind, issued_on=date(2025, 1, 1), expires_on=ends))
    out = runner.invoke(app, ["training", "list-certificates", "--expiring", "60",
                              "--database-url", database_url])
    assert out.exit_code == 0, out.output
    assert "外访合规" in out.output and "理财师" not in out.output
    assert "共 1 张" in out.output
    as_json = runner.invoke(app, ["training", "list-certificates", "--expiring", "60", "--json",
                                  "--database-url", database_url])
    assert [r["staff_no"] for r in json.loads(as_json.stdout)] == ["S-001"]
    bad = runner.invoke(app, ["training", "list-certificates", "--expiring", "0",
                              "--database-url", database_url])
    assert bad.exit_code == 1
