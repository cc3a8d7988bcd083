"""The demo's legal desk: every mediation case has its clock, failed mediations carry a
reason, one agreement was imported with a hashed file, and its case file exports."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.settings import Settings
from doorstep.demo.loader import load_demo
from doorstep.legal import export
from doorstep.legal.config import legal_config
from doorstep.store import tables as t
from doorstep.store.audit_log import verify
from doorstep.store.db import make_engine
from doorstep.store.migrate import upgrade
from doorstep.store.tables_legal import legal_agreements, legal_extensions, legal_mediations

OFFICER = Principal(user_id=0, username="legal", role=Role.LEGAL_OFFICER, branch_id=None)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('legal-demo') / 'bank.db'}"
    upgrade(url)
    load_demo(url, 1500, 11)
    engine = make_engine(url)
    yield url, engine
    engine.dispose()


def test_every_mediation_case_has_a_mediation_record(demo: tuple[str, Engine]) -> None:
    """Cases in mediation have an open mediation; those that failed carry a structured reason."""
    with demo[1].connect() as conn:
        in_mediation = set(conn.execute(select(t.cases.c.id).where(
            t.cases.c.state == "mediation")).scalars())
        rows = list(conn.execute(select(legal_mediations)))
        extensions = conn.execute(select(func.count()).select_from(legal_extensions)).scalar()
    open_ids = {r.case_id for r in rows if r.state == "open"}
    assert in_mediation and open_ids == in_mediation
    assert all(r.failure_reason for r in rows if r.state == "failed")
    assert any(r.state == "failed" for r in rows) and extensions


def test_imported_agreement_exports_with_its_file(demo: tuple[str, Engine],
                                                  tmp_path: Path) -> None:
    """One agreement was imported; its case file exports with the agreement file verified; the
    audit chain holds."""
    with demo[1].connect() as conn:
        case_id = conn.execute(select(legal_agreements.c.case_id)).scalar_one()
        count, broken = verify(conn)
    assert broken is None and count > 0
    c = Container.build(Settings(database_url=demo[0]))
    cfg = legal_config(c.settings)
    with c.uow() as uow:
        out = export.export_case_file(uow, OFFICER, case_id, cfg.files, cfg.font(),
                                      cfg.bank_name)
        uow.commit()
    with zipfile.ZipFile(io.BytesIO(out.zip)) as zf:
        names = zf.namelist()
    assert out.evidence_count >= 1
    assert any(n.endswith("诉前调解协议书.pdf") for n in names) and "manifest.json" in names
    c.engine.dispose()
