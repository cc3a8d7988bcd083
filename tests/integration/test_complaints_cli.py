"""`doorstep complaints list | extend | close` on a real database: open complaints overdue
first with their due date, one extension with a reason, close with an audited note, and a
field officer refused (exit 1, nothing written)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from typer.testing import CliRunner

from doorstep.cli.main import app
from doorstep.complaints.service import NewComplaint, register_complaint
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t
from tests import factories as f

runner = CliRunner()


def _seed(c: Container) -> tuple[int, int]:
    branch = f.branch(c)
    customer = f.customer(c, branch)
    f.user(c, "disp", Role.DISPATCHER, "FT01")
    f.user(c, "field", Role.FIELD_STAFF, "FT01")
    with c.uow() as uow:
        old = register_complaint(uow, f.principal(c, "disp"), NewComplaint(
            customer, "hotline", "催收方式", "上门人员态度不好", 3,
            datetime(2000, 1, 3, tzinfo=UTC)))
        uow.commit()
    with c.uow() as uow:
        new = register_complaint(uow, f.principal(c, "disp"), NewComplaint(
            customer, "hotline", "费用", "对费用有异议", 2, datetime.now(UTC)))
        uow.commit()
    return old, new


def test_list_extend_close(container: Container, database_url: str) -> None:
    """Open complaints list overdue first; --overdue keeps only the late one; extend once
    with a reason, a second extension refused; close stores the note in the audit trail."""
    old, new = _seed(container)
    db = ["--database-url", database_url]
    listed = runner.invoke(app, ["complaints", "list", "--json", *db])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [r["id"] for r in rows] == [old, new]
    assert rows[0]["due_at"] == "2000-01-18" and rows[0]["days_overdue"] > 0
    late = json.loads(runner.invoke(app, ["complaints", "list", "--overdue", "--json",
                                          *db]).output)
    assert [r["id"] for r in late] == [old]
    done = runner.invoke(app, ["complaints", "extend", str(old), "--as", "disp",
                               "--reason", "需调取上门录音核实", *db])
    assert done.exit_code == 0 and "2000-02-02" in done.output
    again = runner.invoke(app, ["complaints", "extend", str(old), "--as", "disp",
                                "--reason", "再次延期", *db])
    assert again.exit_code == 1
    closed = runner.invoke(app, ["complaints", "close", str(old), "--as", "disp",
                                 "--note", "已致电客户道歉并更换上门人员", *db])
    assert closed.exit_code == 0 and f"#{old}" in closed.output
    after = json.loads(runner.invoke(app, ["complaints", "list", "--json", *db]).output)
    assert [r["id"] for r in after] == [new]
    with container.engine.connect() as conn:
        audit = conn.execute(select(t.audit_events.c.after)
                             .where(t.audit_events.c.action == "complaint.close")).scalar_one()
    assert "已致电客户道歉" in json.dumps(audit, ensure_ascii=False)


def test_field_officer_cannot_extend_or_close(container: Container, database_url: str) -> None:
    """A field officer lacks complaint.manage: extend and close exit 1 and nothing changes."""
    old, _ = _seed(container)
    db = ["--database-url", database_url]
    ext = runner.invoke(app, ["complaints", "extend", str(old), "--as", "field",
                              "--reason", "我想延期", *db])
    cls = runner.invoke(app, ["complaints", "close", str(old), "--as", "field",
                              "--note", "我来办结", *db])
    assert ext.exit_code == 1 and cls.exit_code == 1
    with container.engine.connect() as conn:
        row = conn.execute(select(t.complaints.c.extended_at, t.complaints.c.closed_at)
                           .where(t.complaints.c.id == old)).one()
    assert row.extended_at is None and row.closed_at is None
