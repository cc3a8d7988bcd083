"""The demo bank's casebook and training on a fresh SQLite file: searchable published
studies and a training programme whose certificates include some about to expire."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from doorstep.casebook import service as casebook
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.clock import FixedClock
from doorstep.core.settings import Settings
from doorstep.demo.loader import load_demo
from doorstep.store.migrate import upgrade
from doorstep.store.tables_training import courses, training_records
from doorstep.training import service as training

TRAINER = Principal(user_id=0, username="t", role=Role.TRAINER, branch_id=None)


def test_demo_casebook_is_searchable_and_training_has_expiring_certificates(
        tmp_path: Path) -> None:
    """Searches find the loan-procedure and account-fault studies; certificates expire soon."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    counts = load_demo(url, 300, 5, as_of=date(2026, 11, 30))
    assert counts["case_studies"] == 10 and counts["courses"] == 8
    c = Container.build(Settings(environment="test", database_url=url),
                        clock=FixedClock())
    with c.uow(write=False) as uow:
        procedure = casebook.search(uow, TRAINER, "贷款审批流程")
        fault = casebook.search(uow, TRAINER, "账户故障 技术人员")
        due = training.expiring_certificates(uow, TRAINER, 60)
        records = uow.conn.execute(select(func.count()).select_from(training_records)).scalar()
        n_courses = uow.conn.execute(select(func.count()).select_from(courses)).scalar()
    assert procedure[0].study.draft.title.startswith("经营贷审批流程争议")
    assert fault[0].study.draft.outcome_tag == "fixed"
    assert any(e.kind == "visit_compliance" for e in due)
    assert records and records > 50 and n_courses == 8
    c.engine.dispose()
