"""`doorstep casebook publish / search` on a real database: refusal with exit code 2 naming
the finding, then publish and search."""

from __future__ import annotations

import json
from dataclasses import replace

from typer.testing import CliRunner

from doorstep.casebook import service
from doorstep.cli.main import app
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from tests import factories as f
from tests.integration.casebook.test_casebook_service import FAULT

runner = CliRunner()
TRAINER = Principal(user_id=0, username="cli", role=Role.TRAINER, branch_id=None)


def test_publish_refuses_personal_data_then_search_finds_the_study(
        container: Container, database_url: str) -> None:
    """Exit 2 names the bank card found; after the fix the author may not publish it (exit 1),
    another trainer does (exit 0) and search lists it."""
    leaked = replace(FAULT, problem="客户称银行卡 6222 0212 3456 7890 123 转账失败。")
    with container.uow() as uow:
        study_id = service.create_study(uow, TRAINER, leaked)
        uow.commit()
    refused = runner.invoke(app, ["casebook", "publish", str(study_id),
                                  "--database-url", database_url])
    assert refused.exit_code == 2
    assert "第2段发现银行卡号 6222********0123" in refused.output
    with container.uow() as uow:
        service.edit_study(uow, TRAINER, study_id, FAULT, 1)
        uow.commit()
    own = runner.invoke(app, ["casebook", "publish", str(study_id), "--database-url",
                              database_url])
    assert own.exit_code == 1 and "不能审批自己提交的申请" in own.output
    f.user(container, "trainer2", Role.TRAINER)
    ok = runner.invoke(app, ["casebook", "publish", str(study_id), "--as", "trainer2",
                             "--database-url", database_url])
    assert ok.exit_code == 0 and "已发布案例" in ok.output
    found = runner.invoke(app, ["casebook", "search", "账户故障", "--database-url",
                                database_url])
    assert found.exit_code == 0 and "共 1 条" in found.output
    as_json = runner.invoke(app, ["casebook", "search", "账户故障", "--json", "--database-url",
                                  database_url])
    [hit] = json.loads(as_json.stdout)
    assert hit["id"] == study_id and set(hit) == {"id", "title", "business_line", "outcome",
                                                  "score"}
    empty = runner.invoke(app, ["casebook", "search", "，", "--database-url", database_url])
    assert empty.exit_code == 1
