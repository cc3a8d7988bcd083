"""`doorstep approvals list | approve | refuse` on a real database: the queue as JSON, the
maker refused (exit 1 with the reason), another manager's decision applied."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from doorstep.approvals.case_overrides import submit_transition
from doorstep.cases.lifecycle import Command
from doorstep.cases.service import Override, Pending, TransitionCase
from doorstep.cli.main import app
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.store import tables as t
from tests import factories as f

runner = CliRunner()


def _pending_escalation(c: Container) -> int:
    branch = f.branch(c)
    case = f.case(c, f.customer(c, branch), branch, state="approved")
    f.user(c, "legal", Role.LEGAL_OFFICER)
    f.user(c, "manager", Role.PROGRAMME_MANAGER)
    f.user(c, "manager2", Role.PROGRAMME_MANAGER)
    with c.uow() as uow:
        done = submit_transition(uow, f.principal(c, "legal"), TransitionCase(
            case, Command.ESCALATE, 1, override=Override("客户已向法院起诉")), c.policy)
        uow.commit()
    assert isinstance(done, Pending)
    return done.approval_id


def test_queue_maker_refused_and_decision_by_another_person(container: Container,
                                                            database_url: str) -> None:
    """The maker's queue is empty and their approval exits 1 naming the rule; the manager's
    queue lists the request as JSON and the approval escalates the case."""
    approval_id = _pending_escalation(container)
    db = ["--database-url", database_url]
    own = runner.invoke(app, ["approvals", "list", "--as", "legal", "--json", *db])
    assert own.exit_code == 0 and json.loads(own.output) == []
    listed = runner.invoke(app, ["approvals", "list", "--as", "manager", "--json", *db])
    assert listed.exit_code == 0
    rows = json.loads(listed.output)
    assert [(r["id"], r["kind"], r["requested_by"]) for r in rows] == [
        (approval_id, "compliance_override", "legal")]
    refused = runner.invoke(app, ["approvals", "approve", str(approval_id), "--as", "legal",
                                  "--reason", "我自己批", *db])
    assert refused.exit_code == 1 and "不能审批自己提交的申请" in refused.output
    done = runner.invoke(app, ["approvals", "approve", str(approval_id), "--as", "manager",
                               "--reason", "法院受理通知书已核对", *db])
    assert done.exit_code == 0 and f"已批准申请 #{approval_id}" in done.output
    again = runner.invoke(app, ["approvals", "refuse", str(approval_id), "--as", "manager2",
                                "--reason", "重复审批", *db])
    assert again.exit_code == 1 and "已处理" in again.output
    with container.engine.connect() as conn:
        assert conn.execute(select(t.cases.c.state)).scalar_one() == "escalated"
