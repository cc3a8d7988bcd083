"""Visit submission on a real database: states, audit, idempotency, evidence, compliance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.core.errors import ComplianceViolation
from doorstep.http.visit_schemas import parse_record, to_submission
from doorstep.store import tables as t
from doorstep.store.tables_dispatch import outbox
from doorstep.visits.evidence.sniff import EvidenceRejected
from doorstep.visits.evidence.store import LocalFileStore
from doorstep.visits.records import service
from doorstep.visits.records.config import field_params
from doorstep.visits.records.model import SubmitResult, Upload, VisitRefused
from tests import factories as f
from tests import visit_factories as vf

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200


def _submit(c: Container, who: str, body: dict[str, Any],
            uploads: tuple[Upload, ...] = ()) -> SubmitResult:
    sub = to_submission(parse_record(json.dumps(body)), list(uploads))
    return service.submit_visit(c.uow, f.principal(c, who), sub, c.policy,
                                field_params(c.settings), LocalFileStore(c.settings.evidence_dir))


def _count(c: Container, table: Any, *where: Any) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where))
                   .scalar_one())


def _state(c: Container, case_id: int) -> str:
    with c.engine.connect() as conn:
        return str(conn.execute(select(t.cases.c.state).where(t.cases.c.id == case_id))
                   .scalar_one())


def _files(c: Container) -> list[Path]:
    root = c.settings.evidence_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_resolved_visit_moves_case_and_writes_audit(container: Container) -> None:
    """A resolved visit runs RECORD_VISIT then RESOLVE in one transaction, each audited."""
    fx = vf.field_setup(container)
    result = _submit(container, "field1", vf.record(fx), (Upload("door.jpg", JPEG),))
    assert result.case_state == "resolved"
    assert result.transitions == ("record_visit", "resolve")
    assert not result.check_in_flagged and result.check_in_distance_m is not None
    actions = [a for a in _audit_actions(container) if a.startswith(("case.", "visit."))]
    assert actions == ["visit.presence_confirmed", "visit.record", "case.record_visit",
                       "case.resolve"]
    assert _count(container, t.evidence) == 1 and len(_files(container)) == 1
    assert _count(container, outbox, outbox.c.kind == "survey") == 1


def _audit_actions(c: Container) -> list[str]:
    with c.engine.connect() as conn:
        return list(conn.execute(select(t.audit_events.c.action)
                                 .order_by(t.audit_events.c.seq)).scalars())


def test_replay_returns_the_same_visit(container: Container) -> None:
    """Submitting the same idempotency key twice returns the first visit, never a second."""
    fx = vf.field_setup(container)
    first = _submit(container, "field1", vf.record(fx))
    again = _submit(container, "field2", vf.record(fx))
    assert again.replayed and again.visit_id == first.visit_id
    assert _count(container, t.visits) == 1


def test_disguised_upload_is_refused_and_nothing_is_written(container: Container) -> None:
    """An .exe renamed .jpg is refused: no visit, no evidence row, no file on disk."""
    fx = vf.field_setup(container)
    with pytest.raises(EvidenceRejected):
        _submit(container, "field1", vf.record(fx), (Upload("photo.jpg", b"MZ\x90\x00" * 64),))
    assert _count(container, t.visits) == 0 and _count(container, t.evidence) == 0
    assert _files(container) == [] and _state(container, fx.case) == "scheduled"


def test_failure_after_files_are_stored_leaves_no_file(container: Container) -> None:
    """A compliance refusal after sniffing leaves neither rows nor files behind."""
    fx = vf.field_setup(container)
    body = vf.record(fx, consent_to_enter=False)
    with pytest.raises(ComplianceViolation):
        _submit(container, "field1", body, (Upload("door.jpg", JPEG),))
    assert _files(container) == [] and _count(container, t.visits) == 0


def test_another_teams_visit_is_refused(container: Container) -> None:
    """A field officer of another team cannot record this team's visit."""
    fx = vf.field_setup(container)
    with pytest.raises(VisitRefused, match="其他团队"):
        _submit(container, "field3", vf.record(fx))
    assert _count(container, t.visits) == 0


def test_single_staff_and_missing_evidence_are_refused(container: Container) -> None:
    """One person alone, or an overdue-debt visit without recording or signature, is refused."""
    fx = vf.field_setup(container)
    with pytest.raises(ComplianceViolation, match="至少 2 名员工"):
        _submit(container, "field1", vf.record(fx, staff_present=[fx.members[0]]))
    with pytest.raises(ComplianceViolation, match="录音录像或签字"):
        _submit(container, "field1", vf.record(fx, signed_note=""))
    assert _count(container, t.visits) == 0


def test_visit_outside_hours_waits_for_an_approval_by_another_person(
        container: Container) -> None:
    """A visit at 21:00 is refused; with a reason it is stored but the case waits until a
    manager approves in the app; the exception names the manager, not a typed name."""
    from doorstep.decisions import effects

    fx = vf.field_setup(container)
    late = {"check_in_at": "2026-11-01T13:00:00+00:00", "check_out_at": "2026-11-01T13:20:00+00:00"}
    with pytest.raises(ComplianceViolation, match="超出允许时段"):
        _submit(container, "field1", vf.record(fx, **late))
    result = _submit(container, "field1", vf.record(
        fx, **late, override={"reason": "客户本人要求晚间上门"}))
    assert result.case_state == "scheduled" and result.approval_id is not None
    assert result.transitions == ()
    assert _count(container, t.visits) == 1
    assert _count(container, t.compliance_exceptions) == 0
    with container.uow() as uow:
        effects.decide(uow, f.principal(container, "manager"), result.approval_id, True,
                       "客户书面同意晚间上门", container.authority, container.policy)
        uow.commit()
    with container.uow(write=False) as uow:
        assert uow.cases.get(fx.case).state.value == "resolved"
    with container.engine.connect() as conn:
        rows = conn.execute(select(t.compliance_exceptions)).all()
    assert [(r.rule, r.approver, r.actor, r.decision) for r in rows] == [
        ("visit_window", "manager", "user:field1", "approved")]


def test_refused_visit_override_leaves_the_case_and_records_the_breach(
        container: Container) -> None:
    """A refused override leaves the case scheduled and keeps the breach on file as refused."""
    from doorstep.decisions import effects

    fx = vf.field_setup(container)
    late = {"check_in_at": "2026-11-01T13:00:00+00:00", "check_out_at": "2026-11-01T13:20:00+00:00"}
    result = _submit(container, "field1", vf.record(
        fx, **late, override={"reason": "客户本人要求晚间上门"}))
    assert result.approval_id is not None
    with container.uow() as uow:
        effects.decide(uow, f.principal(container, "manager"), result.approval_id, False,
                       "无书面同意，不予批准", container.authority, container.policy)
        uow.commit()
    with container.uow(write=False) as uow:
        assert uow.cases.get(fx.case).state.value == "scheduled"
    with container.engine.connect() as conn:
        rows = conn.execute(select(t.compliance_exceptions)).all()
    assert [(r.rule, r.approver, r.decision) for r in rows] == [
        ("visit_window", "manager", "refused")]


def test_debt_case_is_not_resolved_by_an_explanation(container: Container) -> None:
    """RESOLVE on a case with money owed needs a kept agreement on file: refused, nothing
    written."""
    from decimal import Decimal

    fx = vf.field_setup(container)
    with container.engine.begin() as conn:
        conn.execute(t.cases.update().where(t.cases.c.id == fx.case)
                     .values(overdue_amount=Decimal("5000.00")))
    with pytest.raises(Exception, match="仍有欠款"):
        _submit(container, "field1", vf.record(fx))
    assert _count(container, t.visits) == 0


def test_closed_case_is_refused(container: Container) -> None:
    """A visit for a case that is no longer scheduled (e.g. resolved) is refused."""
    fx = vf.field_setup(container)
    _submit(container, "field1", vf.record(fx))
    with pytest.raises(VisitRefused, match="不能登记上门"):
        _submit(container, "field1", vf.record(fx, key="key-0002-abcdef"))
    assert _count(container, t.visits) == 1


def test_not_at_home_three_times_goes_to_legal_review(container: Container) -> None:
    """Not at home counts a failed attempt; the third sends the case to legal review (§10),
    not to a closed state."""
    fx = vf.field_setup(container)
    states = []
    for n in range(3):
        if n:
            with container.engine.begin() as conn:
                conn.execute(t.cases.update().where(t.cases.c.id == fx.case)
                             .values(state="scheduled"))
                conn.execute(t.contacts.delete())
        body = vf.record(fx, key=f"key-nah-{n:04d}", outcome="not_at_home", signed_note="")
        states.append(_submit(container, "field1", body).case_state)
    assert states == ["follow_up", "follow_up", "escalated"]


def _plan_visit(c: Container, fx: vf.Field) -> int:
    body = vf.record(fx, outcome="repayment_plan", agreement=vf.plan())
    result = _submit(c, "field1", body)
    assert result.case_state == "monitoring" and result.agreement_id is not None
    return result.agreement_id


def _import(c: Container, tmp_path: Path, rows: list[str]) -> Any:
    from typer.testing import CliRunner

    from doorstep.cli.main import app

    path = tmp_path / "repayments.csv"
    path.write_text("agreement_id,paid_on,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return CliRunner().invoke(app, ["repayments", "import", str(path),
                                    "--database-url", c.settings.database_url])


def test_repayments_paid_in_full_resolve_the_case(container: Container, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An imported file paying every instalment keeps the agreement and resolves the case."""
    fx = vf.field_setup(container)
    agreement = _plan_visit(container, fx)
    monkeypatch.setattr("doorstep.container.SystemClock", lambda: container.clock)
    out = _import(container, tmp_path, [f"{agreement},2026-11-02,12000.00"])
    assert out.exit_code == 0, out.output
    assert "履约完成 1 份" in out.output.replace("\n", "")
    assert _state(container, fx.case) == "resolved"


def test_bad_row_imports_nothing(container: Container, tmp_path: Path) -> None:
    """One bad row refuses the whole file, naming the row; no instalment changes."""
    fx = vf.field_setup(container)
    agreement = _plan_visit(container, fx)
    out = _import(container, tmp_path, [f"{agreement},2026-11-02,4000", "x,notadate,1"])
    assert out.exit_code == 1 and "第 3 行" in out.output
    assert _count(container, t.instalments, t.instalments.c.paid_amount > 0) == 0


def test_broken_agreement_escalates(container: Container, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """An instalment unpaid past the grace period breaks the agreement and escalates."""
    from datetime import timedelta

    from doorstep.core.clock import FixedClock

    fx = vf.field_setup(container)
    agreement = _plan_visit(container, fx)
    later = FixedClock(container.clock.now() + timedelta(days=40))
    monkeypatch.setattr("doorstep.container.SystemClock", lambda: later)
    out = _import(container, tmp_path, [f"{agreement},2026-12-10,100.00"])
    assert out.exit_code == 0, out.output
    assert "违约 1 份" in out.output.replace("\n", "") and _state(container, fx.case) == "escalated"


def test_broken_agreement_goes_to_follow_up_when_policy_says_so(
        container: Container, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With agreement_broken_goes_to=follow_up a broken agreement sends the case back out."""
    from datetime import timedelta

    from doorstep.core.clock import FixedClock

    monkeypatch.setenv("DOORSTEP_AGREEMENT_BROKEN_GOES_TO", "follow_up")
    fx = vf.field_setup(container)
    agreement = _plan_visit(container, fx)
    later = FixedClock(container.clock.now() + timedelta(days=40))
    monkeypatch.setattr("doorstep.container.SystemClock", lambda: later)
    out = _import(container, tmp_path, [f"{agreement},2026-12-10,100.00"])
    assert out.exit_code == 0, out.output
    assert _state(container, fx.case) == "follow_up"
