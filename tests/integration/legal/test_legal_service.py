"""Legal use cases on a real database: queue, mediation clock and extension, agreement
import, failure → litigation with effective collection, and the audited case-file export."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from doorstep.container import Container
from doorstep.core.errors import GuardFailed, NotFound, PermissionDenied
from doorstep.documents.pdf import find_chinese_font
from doorstep.legal import export, service
from doorstep.legal.model import EvidenceTampered, FailureReason, LegalInvalid, WhyFailed
from doorstep.store import tables as t
from doorstep.visits.records.config import file_store
from tests import factories as f
from tests.integration.legal.legal_setup import PDF, legal_world
from tests.pdf_text import pdf_text


@pytest.fixture
def world(container: Container) -> dict[str, Any]:
    return legal_world(container)


def _export(c: Container, who: str, case_id: int) -> export.CaseFileExport:
    with c.uow() as uow:
        done = export.export_case_file(uow, f.principal(c, who), case_id,
                                       file_store(c.settings), find_chinese_font(), "深圳示范银行")
        uow.commit()
        return done


def _import_agreement(c: Container, case_id: int, version: int, terms: str,
                      instalments: int) -> Any:
    """The legal officer imports a signed agreement of ¥12,000 for the case."""
    upload = service.AgreementUpload(terms, Decimal("12000"), instalments, date(2026, 11, 1),
                                     "调解协议.pdf", PDF)
    with c.uow() as uow:
        done = service.import_agreement(uow, f.principal(c, "legal"), case_id, version, upload,
                                        file_store(c.settings), 10**6, c.policy)
        uow.commit()
        return done


def test_queue_lists_escalated_cases_in_scope(container: Container,
                                              world: dict[str, Any]) -> None:
    """The queue shows escalated cases with why they failed; a branch officer sees only their
    branch."""
    with container.uow(write=False) as uow:
        everyone = service.review_queue(uow, f.principal(container, "legal"))
        scoped = service.review_queue(uow, f.principal(container, "legal_ft"))
    assert len(everyone) == 3 and {i.why for i in everyone} == {WhyFailed.REFUSED}
    assert {i.case_no for i in scoped} == {"AJ2026110000101", "AJ2026110000102"}
    assert everyone[0].overdue_amount == Decimal("12000.00")


def test_mediation_clock_extension_and_agreement(container: Container,
                                                 world: dict[str, Any]) -> None:
    """Mediation starts a 30-day clock, extends with a reason, and ends in an imported agreement."""
    legal, case_id = f.principal(container, "legal"), world["card"].case_id
    with container.uow() as uow:
        moved = service.start_mediation(uow, legal, case_id, 1, "深圳市福田区人民调解委员会",
                                        container.policy)
        uow.commit()
    assert moved.state.value == "mediation"
    with container.uow() as uow, pytest.raises(LegalInvalid):
        service.extend_mediation(uow, legal, case_id, 10, "")
        uow.commit()
    with container.uow() as uow:
        due = service.extend_mediation(uow, legal, case_id, 10, "客户申请补充收入证明")
        uow.commit()
    assert due == container.clock.now() + timedelta(days=40)
    done = _import_agreement(container, case_id, moved.version, "分 6 期归还欠款本金", 6)
    assert done.state.value == "resolved"
    with container.uow(write=False) as uow:
        lc = service.legal_case(uow, legal, case_id, container.policy)
    assert lc.confirmation is not None and lc.confirmation.deadline == date(2026, 12, 1)
    assert lc.mediation is not None and len(lc.mediation.extensions) == 1


def test_failure_goes_to_litigation_only_with_effective_collection(
        container: Container, world: dict[str, Any]) -> None:
    """A failed card mediation goes to litigation only when two confirmed contacts are 30 days
    apart."""
    legal, policy = f.principal(container, "legal"), container.policy
    for seeded in (world["card"], world["short"]):
        with container.uow() as uow:
            service.start_mediation(uow, legal, seeded.case_id, 1, "", policy)
            uow.commit()
    with container.uow() as uow, pytest.raises(GuardFailed) as err:
        service.fail_mediation(uow, legal, world["short"].case_id, 2,
                               FailureReason.CUSTOMER_REFUSED, "", policy)
        uow.commit()
    assert "仅相隔 5 天" in err.value.detail_in("zh-CN")
    with container.uow() as uow:
        case = service.fail_mediation(uow, legal, world["card"].case_id, 2,
                                      FailureReason.EXPIRED, "", policy)
        uow.commit()
    assert case.state.value == "litigation"
    with container.uow(write=False) as uow:
        still = uow.legal.mediation(world["short"].case_id)
    assert still.state.value == "open"


def test_export_holds_chinese_text_and_is_audited(container: Container,
                                                  world: dict[str, Any]) -> None:
    """The export has the PDF, the evidence and the manifest; the PDF keeps the Chinese text; it
    is audited as a reveal."""
    out = _export(container, "legal", world["card"].case_id)
    text = pdf_text(out.pdf)
    assert "张伟" in text and "客户对利息计算有异议" in text and "¥12,130.50" in text
    with zipfile.ZipFile(io.BytesIO(out.zip)) as zf:
        assert "evidence/" + f"{1:06d}_门口照片.jpg" in zf.namelist()
        assert {"manifest.json", "manifest.txt", "AJ2026110000101.pdf"} <= set(zf.namelist())
    with container.engine.connect() as conn:
        actions = set(conn.execute(select(t.audit_events.c.action)).scalars())
    assert {"customer.reveal", "legal.case_file_export"} <= actions


def test_case_file_shows_effective_collection_with_its_contacts(
        container: Container, world: dict[str, Any]) -> None:
    """The case file says whether 有效催收 is met and lists the contacts that satisfy it."""
    text = "".join(pdf_text(_export(container, "legal", world["card"].case_id).pdf).split())
    assert "有效催收：已满足" in text and "2026-09-01" in text and "当面签字确认" in text
    short = "".join(pdf_text(_export(container, "legal", world["short"].case_id).pdf).split())
    assert "有效催收：未满足" in short and "尚缺" in short


def test_tampered_evidence_stops_the_export(container: Container,
                                            world: dict[str, Any]) -> None:
    """An evidence file changed on disk is detected by its hash and the export names it."""
    store = file_store(container.settings)
    path = store._path(world["card"].evidence_key)
    path.write_bytes(path.read_bytes() + b"tampered")
    with pytest.raises(EvidenceTampered) as err:
        _export(container, "legal", world["card"].case_id)
    assert err.value.params["filename"] == "门口照片.jpg"


def test_export_outside_scope_or_role_is_refused(container: Container,
                                                 world: dict[str, Any]) -> None:
    """A branch officer cannot export another branch's case (not found); a dispatcher may not
    export at all."""
    with pytest.raises(NotFound):
        _export(container, "legal_ft", world["other"].case_id)
    with pytest.raises(PermissionDenied):
        _export(container, "dispatcher", world["card"].case_id)


def test_clock_recorded_for_a_case_moved_by_the_generic_command(
        container: Container, world: dict[str, Any]) -> None:
    """A case moved to mediation by the case page's command gets its clock without a second move."""
    from doorstep.cases.lifecycle import Command
    from doorstep.cases.service import TransitionCase, transition_case

    legal, case_id = f.principal(container, "legal"), world["card"].case_id
    with container.uow() as uow:
        transition_case(uow, legal, TransitionCase(case_id, Command.START_MEDIATION, 1),
                        container.policy)
        uow.commit()
    with container.uow() as uow:
        case = service.start_mediation(uow, legal, case_id, 2, "", container.policy)
        uow.commit()
    assert case.version == 2 and case.state.value == "mediation"
    with container.uow(write=False) as uow:
        assert uow.legal.mediation(case_id).due_at == container.clock.now() + timedelta(days=30)


def test_the_case_page_cannot_end_a_running_mediation(container: Container,
                                                      world: dict[str, Any]) -> None:
    """While the mediation record is open, the generic RESOLVE / LITIGATE commands are refused
    with what to do instead; the legal desk's agreement import then resolves the case and
    closes the record."""
    from doorstep.cases.lifecycle import Command
    from doorstep.cases.service import TransitionCase, transition_case

    legal, case_id = f.principal(container, "legal"), world["card"].case_id
    with container.uow() as uow:
        moved = service.start_mediation(uow, legal, case_id, 1, "", container.policy)
        uow.commit()
    for command in (Command.RESOLVE, Command.LITIGATE):
        with container.uow() as uow, pytest.raises(GuardFailed, match="导入调解协议"):
            transition_case(uow, legal, TransitionCase(case_id, command, moved.version),
                            container.policy)
            uow.commit()
    done = _import_agreement(container, case_id, moved.version, "一次性归还欠款本金", 1)
    assert done.state.value == "resolved"
    with container.uow(write=False) as uow:
        assert uow.legal.mediation(case_id).ended_at is not None
