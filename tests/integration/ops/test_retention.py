"""The retention purge on a fixed clock (2026-11-02): what is due goes, nothing else moves."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.ops.retention import (
    CaseInLitigation,
    CaseStillOpen,
    ClosedTooRecently,
    Kind,
    RetentionSchedule,
)
from doorstep.store import tables as t
from doorstep.store import tables_dispatch as td
from doorstep.store import tables_legal as tl
from doorstep.store.backup import table_fingerprints
from doorstep.store.retention import run_purge
from tests import factories as f
from tests.integration.ops.helpers import evidence, visit

NOW = datetime(2026, 11, 2, 2, 0)
LONG_AGO = datetime(2020, 3, 1, 2, 0)


def _add(c: Container, table: Any, **values: Any) -> Any:
    with c.engine.begin() as conn:
        return conn.execute(insert(table).values(**values)).inserted_primary_key[0]


@pytest.fixture
def aged(container: Container) -> dict[str, Any]:
    """Records on both sides of every retention period."""
    c = container
    ft = f.branch(c)
    team = f.team(c, ft)
    open_case = f.case(c, f.customer(c, ft, "张伟"), ft)
    closed = f.case(c, f.customer(c, ft, "王芳"), ft, state="resolved",
                    case_no="AJ2020030000001", closed_at=LONG_AGO, updated_at=LONG_AGO)
    litigated = f.case(c, f.customer(c, ft, "赵磊"), ft, state="litigation",
                       case_no="AJ2020030000002", updated_at=LONG_AGO)
    mediating = f.case(c, f.customer(c, ft, "钱敏"), ft, state="mediation",
                       case_no="AJ2020030000003", updated_at=LONG_AGO)
    recently = f.case(c, f.customer(c, ft, "孙丽"), ft, state="resolved",
                      case_no="AJ2020030000004", closed_at=datetime(2025, 6, 1),
                      updated_at=datetime(2025, 6, 1))
    old_visit = visit(c, closed, team, LONG_AGO)
    agreed_visit = visit(c, closed, team, LONG_AGO)
    _add(c, t.agreements, case_id=closed, visit_id=agreed_visit, kind="instalment",
         total_amount=Decimal("100.00"), state="active", created_at=LONG_AGO)
    ids: dict[str, Any] = {
        "old_visit": old_visit, "agreed_visit": agreed_visit,
        "open_visit": visit(c, open_case, team, LONG_AGO),
        "litigated_visit": visit(c, litigated, team, LONG_AGO),
        "ev_old": evidence(c, open_case, None, datetime(2024, 10, 1)),
        "ev_closed_old": evidence(c, closed, None, datetime(2020, 2, 1)),
        "ev_mediating": evidence(c, mediating, None, LONG_AGO),
        "ev_litigated": evidence(c, litigated, None, LONG_AGO),
        "ev_recently_closed": evidence(c, recently, None, LONG_AGO),
        "ev_recent": evidence(c, open_case, None, datetime(2025, 1, 1)),
        "ev_of_old_visit": evidence(c, closed, old_visit, datetime(2025, 6, 1)),
        "ev_held": evidence(c, litigated, None, datetime(2023, 1, 1)),
    }
    mediation = _add(c, tl.legal_mediations, case_id=litigated, state="agreed",
                     started_at=LONG_AGO, due_at=LONG_AGO, started_by="legal")
    _add(c, tl.legal_agreements, mediation_id=mediation, case_id=litigated, terms="分期",
         amount=Decimal("1.00"), instalments=1, signed_on=LONG_AGO.date(),
         evidence_id=ids["ev_held"][0], imported_by="legal", imported_at=LONG_AGO)
    user = f.user(c, "u1", Role.ANALYST)
    for name, expires in (("s_old", NOW - timedelta(days=10)), ("s_new", NOW - timedelta(days=2))):
        _add(c, t.web_sessions, id_hash=name, user_id=user, csrf_token="x",
             created_at=expires - timedelta(hours=12), expires_at=expires)
    for name, expires in (("t_old", NOW - timedelta(days=40)), ("t_new", NOW + timedelta(days=5))):
        ids[name] = _add(c, t.api_tokens, user_id=user, token_hash=name, name=name,
                         created_at=LONG_AGO, expires_at=expires)
    for name, sent in (("o_old", NOW - timedelta(days=100)), ("o_new", NOW - timedelta(days=10)),
                       ("o_unsent", None)):
        ids[name] = _add(c, td.outbox, channel="sms", kind="reminder", recipient_enc="enc",
                         body="提醒", idempotency_key=name, created_at=LONG_AGO,
                         not_before=LONG_AGO, sent_at=sent)
    return ids


def _ids(c: Container, table: Any, key: str = "id") -> set[Any]:
    with c.engine.connect() as conn:
        return {r[0] for r in conn.execute(select(table.c[key]))}


def test_purge_removes_exactly_what_is_past_the_schedule(container: Container,
                                                         aged: dict[str, Any]) -> None:
    """Evidence of cases closed longer ago than the period (files too), closed cases' old
    visits, expired sessions and tokens and delivered messages go; the evidence of an open,
    mediating, litigated or recently closed case stays however old it is."""
    c = container
    before = table_fingerprints(c.engine)
    report = run_purge(c.engine, c.settings.evidence_dir, RetentionSchedule(), c.clock.now(),
                       actor="system:test", dry_run=False)
    ev = {k: v[0] for k, v in aged.items() if k.startswith("ev_")}
    assert report.removed[Kind.EVIDENCE] == sorted(str(ev[k]) for k in ("ev_closed_old",
                                                                       "ev_of_old_visit"))
    assert report.removed[Kind.VISITS] == [str(aged["old_visit"])]
    assert report.removed[Kind.WEB_SESSIONS] == ["s_old"]
    assert report.removed[Kind.API_TOKENS] == [str(aged["t_old"])]
    assert report.removed[Kind.OUTBOX] == [str(aged["o_old"])]
    assert _ids(c, t.evidence) == {ev[k] for k in ("ev_old", "ev_recent", "ev_held",
                                                   "ev_mediating", "ev_litigated",
                                                   "ev_recently_closed")}
    assert aged["agreed_visit"] in _ids(c, t.visits) and aged["open_visit"] in _ids(c, t.visits)
    assert _ids(c, td.outbox) == {aged["o_new"], aged["o_unsent"]}
    root: Path = c.settings.evidence_dir
    assert not (root / aged["ev_closed_old"][1]).exists()
    assert (root / aged["ev_old"][1]).exists() and (root / aged["ev_held"][1]).exists()
    after = table_fingerprints(c.engine)
    touched = {"evidence", "visits", "web_sessions", "api_tokens", "outbox", "audit_events",
               "audit_head"}
    assert {k: v for k, v in after.items() if k not in touched} == \
        {k: v for k, v in before.items() if k not in touched}


def test_purge_is_audited_and_a_second_run_finds_nothing(container: Container,
                                                        aged: dict[str, Any]) -> None:
    """The purge writes one audit event with counts and ids; running it again removes nothing."""
    c = container
    run_purge(c.engine, c.settings.evidence_dir, RetentionSchedule(), c.clock.now(),
              actor="system:test", dry_run=False)
    with c.engine.connect() as conn:
        event = conn.execute(select(t.audit_events).where(
            t.audit_events.c.action == "retention.purged")).mappings().one()
    assert event["after"]["counts"] == {"evidence": 2, "visits": 1, "web_sessions": 1,
                                        "outbox": 1, "api_tokens": 1}
    assert event["after"]["ids"]["web_sessions"] == ["s_old"]
    again = run_purge(c.engine, c.settings.evidence_dir, RetentionSchedule(), c.clock.now(),
                      actor="system:test", dry_run=False)
    assert again.total == 0


def test_dry_run_lists_but_changes_nothing(container: Container, aged: dict[str, Any]) -> None:
    """A dry run reports what is due and leaves every table and file as it was."""
    c = container
    before = table_fingerprints(c.engine)
    report = run_purge(c.engine, c.settings.evidence_dir, RetentionSchedule(), c.clock.now(),
                       actor="system:test", dry_run=True)
    assert report.total == 6 and len(report.files) == 2
    assert table_fingerprints(c.engine) == before
    assert all((c.settings.evidence_dir / key).exists() for key in report.files)
    code, params = report.why[(Kind.EVIDENCE, str(aged["ev_closed_old"][0]))]
    assert code == "retention.why.evidence" and params["case_no"] == "AJ2020030000001"
    assert report.why[(Kind.WEB_SESSIONS, "s_old")][0] == "retention.why.web_sessions"


def test_a_longer_schedule_keeps_more(container: Container, aged: dict[str, Any]) -> None:
    """With evidence kept 120 months nothing of the 2020 case is due (the schedule is read)."""
    c = container
    report = run_purge(c.engine, c.settings.evidence_dir,
                       RetentionSchedule(evidence_months=120, closed_case_visit_months=120),
                       c.clock.now(), actor="system:test", dry_run=True)
    assert report.removed[Kind.EVIDENCE] == [] and report.removed[Kind.VISITS] == []


@pytest.mark.parametrize(("case_no", "error"), [
    ("AJ2026110000001", CaseStillOpen), ("AJ2020030000002", CaseInLitigation),
    ("AJ2020030000003", CaseStillOpen), ("AJ2020030000004", ClosedTooRecently)])
def test_purging_a_live_case_is_refused(container: Container, aged: dict[str, Any],
                                        case_no: str, error: type[Exception]) -> None:
    """Purging one case's records is refused, naming why, while its evidence still matters;
    nothing is written."""
    c = container
    before = table_fingerprints(c.engine)
    with pytest.raises(error, match=case_no):
        run_purge(c.engine, c.settings.evidence_dir, RetentionSchedule(), c.clock.now(),
                  actor="system:test", dry_run=False, case_no=case_no)
    assert table_fingerprints(c.engine) == before


def test_purging_one_long_closed_case(container: Container, aged: dict[str, Any]) -> None:
    """A case closed longer ago than the period may be purged alone; other cases stay."""
    c = container
    report = run_purge(c.engine, c.settings.evidence_dir, RetentionSchedule(), c.clock.now(),
                       actor="system:test", dry_run=False, case_no="AJ2020030000001")
    assert report.removed[Kind.EVIDENCE] == sorted(
        str(aged[k][0]) for k in ("ev_closed_old", "ev_of_old_visit"))
    assert report.removed[Kind.WEB_SESSIONS] == []
