"""The demo bank on a real SQLite file built by migrations: deterministic, consistent
case histories, valid and encrypted personal data, an intact audit chain, one transaction."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Table, func, select
from typer.testing import CliRunner

from doorstep.cases import compliance
from doorstep.cases.compliance import Policy
from doorstep.cases.model import CaseState
from doorstep.cli.main import app
from doorstep.core.clock import local
from doorstep.core.crypto import FieldCipher
from doorstep.core.passwords import verify_password
from doorstep.core.settings import get_settings
from doorstep.demo import bulk, loader
from doorstep.demo.context import DEMO_PASSWORD
from doorstep.demo.loader import DatabaseNotEmpty, load_demo
from doorstep.demo.people import id_check_digit
from doorstep.store import tables as t
from doorstep.store.audit_log import verify
from doorstep.store.db import make_engine
from doorstep.store.migrate import upgrade

CUSTOMERS = 2_500
SEED = 11
POLICY = Policy()


def _fresh(tmp: Path, name: str) -> str:
    url = f"sqlite:///{tmp / name}"
    upgrade(url)
    return url


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """One demo bank of 2,500 customers, shared by the read-only tests of this module."""
    url = _fresh(tmp_path_factory.mktemp("demo"), "bank.db")
    load_demo(url, CUSTOMERS, SEED)
    engine = make_engine(url)
    yield url, engine
    engine.dispose()


@pytest.fixture(scope="module")
def cipher() -> FieldCipher:
    return get_settings().cipher()


def _rows(engine: Engine, table: Table, cipher: FieldCipher) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(table).order_by(table.c.id))]
    for row in rows:
        for name in [k for k in row if k.endswith("_enc")]:
            row[name] = cipher.open(row[name])
    return rows


def _digest(rows: list[dict[str, Any]]) -> str:
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _events(engine: Engine) -> dict[int, list[Any]]:
    by_case: dict[int, list[Any]] = defaultdict(list)
    with engine.connect() as conn:
        for e in conn.execute(select(t.audit_events).where(t.audit_events.c.entity == "case")
                              .order_by(t.audit_events.c.seq)):
            by_case[int(e.entity_id)].append(e)
    return by_case


def _cases(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(t.cases)))


def _by_case(engine: Engine, table: Table) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    with engine.connect() as conn:
        for r in conn.execute(select(table).order_by(table.c.id)):
            out[r.case_id].append(r)
    return out


def test_same_seed_gives_identical_rows(tmp_path: Path, cipher: FieldCipher) -> None:
    """Two loads with the same seed give identical customers and cases; another seed does not."""
    digests = []
    for name, seed in (("a.db", 5), ("b.db", 5), ("c.db", 6)):
        engine = make_engine(_fresh(tmp_path, name))
        load_demo(engine, 800, seed)
        digests.append((_digest(_rows(engine, t.customers, cipher)),
                        _digest(_rows(engine, t.cases, cipher))))
        engine.dispose()
    assert digests[0] == digests[1]
    assert digests[0][0] != digests[2][0] and digests[0][1] != digests[2][1]


def test_every_case_state_is_present(bank: tuple[str, Engine]) -> None:
    """With 2,500 customers every reachable lifecycle state has cases (none is closed as
    unreachable any more, §10), and cases are ~1 in 8–14."""
    cases = _cases(bank[1])
    states = Counter(c.state for c in cases)
    assert set(states) == {s.value for s in CaseState} - {"closed_unreachable"}
    assert CUSTOMERS / 14 <= len(cases) <= CUSTOMERS / 7


def test_versions_match_the_audited_history(bank: tuple[str, Engine]) -> None:
    """Version is 1 + transitions; each case's audit events chain from screened to its state."""
    events = _events(bank[1])
    for case in _cases(bank[1]):
        history = events[case.id]
        assert history[0].action == "case.open" and history[0].before is None
        moves = history[1:]
        assert case.version == 1 + len(moves)
        state, version = "screened", 1
        for e in moves:
            assert e.before == {"state": state, "version": version}
            state, version = e.after["state"], e.after["version"]
            assert version == e.before["version"] + 1
        assert (state, version) == (case.state, case.version)
        assert all(a.at <= b.at for a, b in zip(history, history[1:], strict=False))


def test_visits_behind_visited_states_are_by_two_staff_in_hours(bank: tuple[str, Engine]) -> None:
    """Visits that moved a case are by two staff inside 09:00–20:00; no slot is on a Sunday."""
    with bank[1].connect() as conn:
        slots = list(conn.execute(select(t.appointments.c.slot_start)).scalars())
    assert all(local(s).weekday() != 6 for s in slots)
    visits = _by_case(bank[1], t.visits)
    for case_id, history in _events(bank[1]).items():
        met = [v for v in visits[case_id] if v.outcome != "not_at_home"]
        recorded = [e for e in history if e.action == "case.record_visit"]
        assert len(met) == len(recorded)
        for v in met:
            assert len(v.staff_present) == 2
            assert compliance.check_visit_window(POLICY, v.check_in_at, v.check_out_at) is None
            assert v.team_id is not None and local(v.check_in_at).weekday() != 6


def test_monitoring_cases_have_an_active_agreement(bank: tuple[str, Engine]) -> None:
    """A case in monitoring has a repayment plan from a visit, with instalments."""
    agreements = _by_case(bank[1], t.agreements)
    visits = _by_case(bank[1], t.visits)
    with bank[1].connect() as conn:
        with_instalments = set(conn.execute(select(t.instalments.c.agreement_id)).scalars())
    for case in (c for c in _cases(bank[1]) if c.state == CaseState.MONITORING):
        plans = [a for a in agreements[case.id] if a.kind == "repayment_plan"]
        assert plans and plans[-1].state == "active" and plans[-1].id in with_instalments
        assert visits[case.id]


def test_escalations_follow_an_attempt_or_an_override(bank: tuple[str, Engine]) -> None:
    """Escalation comes after a visit attempt, or carries a legal override with a reason."""
    contacts = _by_case(bank[1], t.contacts)
    for case_id, history in _events(bank[1]).items():
        for e in (e for e in history if e.action == "case.escalate"):
            attempts = [c for c in contacts[case_id] if c.channel == "visit" and c.at <= e.at]
            assert attempts or e.after["override"]["reason"]


def test_card_litigation_has_effective_collection(bank: tuple[str, Engine]) -> None:
    """Credit-card cases reach litigation only after two confirmed contacts ≥30 days apart."""
    contacts = _by_case(bank[1], t.contacts)
    events = _events(bank[1])
    cards = [c for c in _cases(bank[1]) if c.state == "litigation"
             and c.business_line == "credit_card"]
    assert cards
    for case in cards:
        at = next(e.at for e in events[case.id] if e.action == "case.litigate")
        confirmed = [c.at for c in contacts[case.id] if c.confirmed and c.at <= at]
        assert compliance.check_effective_collection(POLICY, confirmed) is None


def test_unreachable_cases_had_three_failed_attempts(bank: tuple[str, Engine]) -> None:
    """A case referred as unreachable has three not-at-home visits and waits in legal review
    (escalated, §10); no demo case is closed as unreachable."""
    visits = _by_case(bank[1], t.visits)
    events = _events(bank[1])
    cases = _cases(bank[1])
    assert all(c.state != "closed_unreachable" for c in cases)
    referred = [c for c in cases
                if any(e.action == "case.refer_unreachable" for e in events[c.id])]
    assert referred
    for case in referred:
        assert case.failed_attempts >= 3 and case.state in ("escalated", "mediation",
                                                             "litigation", "resolved")
        assert sum(v.outcome == "not_at_home" for v in visits[case.id]) >= 3


def test_contacts_respect_quiet_hours_and_frequency_caps(bank: tuple[str, Engine]) -> None:
    """No contact falls in quiet hours, and none breaks the per-day or per-period cap."""
    for rows in _by_case(bank[1], t.contacts).values():
        times = sorted(c.at for c in rows)
        for i, at in enumerate(times):
            assert compliance.check_quiet_hours(POLICY, at) is None
            assert compliance.check_frequency(POLICY, times[:i], at) is None


def test_national_ids_are_valid_and_encrypted(bank: tuple[str, Engine],
                                              cipher: FieldCipher) -> None:
    """Raw columns hold ciphertext; opened ids have valid check digits, dates and gender."""
    with bank[1].connect() as conn:
        rows = list(conn.execute(select(t.customers)))
    assert len({r.national_id_index for r in rows}) == len(rows)
    for r in rows:
        assert r.national_id_enc.startswith("v1.") and not r.national_id_enc[:18].isdigit()
        nid = cipher.open(r.national_id_enc)
        assert nid is not None and len(nid) == 18 and nid[:2] in {"44", "43", "36", "42", "45",
                                                                   "51", "41", "35", "50",
                                                                   "52", "34"}
        assert nid[17] == id_check_digit(nid[:17])
        born = date(int(nid[6:10]), int(nid[10:12]), int(nid[12:14]))
        assert born.year == r.birth_year and (int(nid[16]) % 2 == 1) == (r.gender == "M")
        phone = cipher.open(r.phone_enc)
        assert phone is not None and len(phone) == 11 and phone.startswith("1")
        assert "深圳市" in (cipher.open(r.address_enc) or "")


def test_repayment_history_matches_the_accounts(bank: tuple[str, Engine]) -> None:
    """Overdue amount is what was due and not paid; days past due are the last month's."""
    with bank[1].connect() as conn:
        history: dict[int, list[Any]] = defaultdict(list)
        for r in conn.execute(select(t.repayments).order_by(t.repayments.c.month)):
            history[r.account_id].append(r)
        accounts = {a.id: a for a in conn.execute(select(t.accounts))}
    assert history
    for account_id, months in history.items():
        a = accounts[account_id]
        assert len(months) == 12
        unpaid = sum(m.amount_due for m in months) - sum(m.amount_paid for m in months)
        assert abs(float(unpaid) - float(a.overdue_amount)) < 0.05
        expected = months[-1].days_past_due if a.overdue_amount > 0 else 0
        assert a.days_past_due == expected


def test_escalation_outcomes_carry_a_signal(bank: tuple[str, Engine]) -> None:
    """Deep arrears or regulator complaints lead to escalation more often than the rest."""
    with bank[1].connect() as conn:
        regulator = set(conn.execute(select(t.complaints.c.customer_id)
                                     .where(t.complaints.c.channel == "regulator")).scalars())
        dpd = {a.id: a.days_past_due for a in conn.execute(select(t.accounts))}
    finished = [c for c in _cases(bank[1]) if c.state in
                ("resolved", "monitoring", "escalated", "mediation", "litigation")]
    hard = [c for c in finished if dpd[c.account_id] >= 90 or c.customer_id in regulator]
    easy = [c for c in finished if c not in hard]

    def rate(cs: list[Any]) -> float:
        return sum(c.state in ("escalated", "mediation", "litigation") for c in cs) / len(cs)

    assert rate(hard) > rate(easy) + 0.15


def test_audit_chain_verifies(bank: tuple[str, Engine]) -> None:
    """The hash chain over every loaded event verifies end to end."""
    with bank[1].connect() as conn:
        count, broken = verify(conn)
        stored = conn.execute(select(func.count()).select_from(t.audit_events)).scalar_one()
    assert broken is None and count == stored > 0


def test_demo_users_log_in_with_the_demo_password(bank: tuple[str, Engine]) -> None:
    """One user per role; field1 and field2 are the two members of a 福田 team."""
    with bank[1].connect() as conn:
        users = {u.username: u for u in conn.execute(select(t.users))}
        team = conn.execute(select(t.teams).order_by(t.teams.c.id)).first()
    assert verify_password(users["admin"].password_hash, DEMO_PASSWORD)
    assert {u.role for u in users.values()} >= {"admin", "programme_manager", "analyst",
                                                  "dispatcher", "field_staff", "legal_officer",
                                                  "auditor", "trainer"}
    assert users["dispatcher"].branch_id != users["dispatcher_ns"].branch_id
    assert team is not None
    assert {users["field1"].staff_id, users["field2"].staff_id} == {team.member_a_id,
                                                                   team.member_b_id}


def test_refuses_a_database_that_holds_customers(bank: tuple[str, Engine]) -> None:
    """A second load is refused (exit 1 from the CLI) and changes nothing; --if-empty skips."""
    url, engine = bank
    with pytest.raises(DatabaseNotEmpty):
        load_demo(url, 50, SEED)
    result = CliRunner().invoke(app, ["demo", "load", "--customers", "50", "--database-url", url])
    assert result.exit_code == 1 and "空数据库" in result.output
    skipped = CliRunner().invoke(app, ["demo", "load", "--customers", "50", "--database-url",
                                       url, "--if-empty"])
    assert skipped.exit_code == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.customers)).scalar() == CUSTOMERS


def test_direct_sqlite_inserts_store_what_core_stores(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast SQLite path writes the same values and storage types as Core executemany."""
    stored = []
    for name, direct in (("direct.db", True), ("core.db", False)):
        url = _fresh(tmp_path, name)
        if not direct:
            monkeypatch.setattr(bulk.BulkInserter, "__init__", _core_only)
        load_demo(url, 300, SEED)
        engine = make_engine(url)
        with engine.connect() as conn:
            stored.append({table.name: _raw(conn, table) for table in loader.ID_TABLES})
        engine.dispose()
    assert stored[0] == stored[1]


def _core_only(self: bulk.BulkInserter, conn: Any, chunk: int = bulk.CHUNK) -> None:
    self.conn, self.chunk, self.direct = conn, chunk, False


def _raw(conn: Any, table: Table) -> list[tuple[Any, ...]]:
    """Rows as SQLite holds them (value and storage class), ciphertexts left out."""
    cols = [c.name for c in table.c if not c.name.endswith("_enc") and c.name != "password_hash"]
    listed = ", ".join(cols + [f"typeof({c})" for c in cols])
    return list(conn.exec_driver_sql(f"SELECT {listed} FROM {table.name} ORDER BY 1"))


def test_a_failed_load_leaves_the_database_untouched(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An error in the last stage rolls back everything written before it."""
    url = _fresh(tmp_path, "fail.db")

    def broken(self: loader.Loader, rows: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(loader.Loader, "audit", broken)
    with pytest.raises(RuntimeError):
        load_demo(url, 300, SEED)
    engine = make_engine(url)
    with engine.connect() as conn:
        for table in (t.branches, t.users, t.customers, t.repayments, t.cases):
            assert conn.execute(select(func.count()).select_from(table)).scalar() == 0
    engine.dispose()


def test_demo_approvals_are_decided_by_another_person(bank: tuple[str, Engine]) -> None:
    """Every demo approval was decided by someone other than its maker, and every compliance
    exception points at an approved request (双人复核)."""
    from doorstep.store.tables_approvals import approvals

    with bank[1].connect() as conn:
        rows = conn.execute(select(approvals)).all()
        exceptions = conn.execute(select(t.compliance_exceptions)).all()
    assert rows and {r.state for r in rows} == {"approved"}
    assert all(r.decided_by and r.decided_by != r.requested_by for r in rows)
    assert all(r.decided_at > r.requested_at for r in rows)
    approved = {r.id for r in rows}
    assert exceptions and all(e.approval_id in approved and e.approver != e.actor.removeprefix(
        "user:") for e in exceptions)
    assert {r.kind for r in rows} >= {"compliance_override", "fee_waiver"}
