"""Legal events (立案, 判决, 执行) from the bank's legal system: imported through the shipped
mapping, upserted by (court case number, event) with each change audited, bad rows refused
with nothing written."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.intake.mapping import load_mapping
from doorstep.store.tables import accounts, audit_events, customers
from doorstep.store.tables_legal import legal_events
from tests.integration.intake.conftest import (
    EXAMPLES,
    HEADER,
    ROW1,
    ROW2,
    customers_mapping,
    run,
    write,
)

LEGAL_HEADER = "案号,事项,日期,法院,账号,客户号,金额\n"
FILING = "(2026)粤0304民初1234号,立案,2026-09-01,福田区人民法院,A001,,\"12,000.00\"\n"
JUDGMENT = "(2026)粤0304民初1234号,判决,2026年11月20日,福田区人民法院,A001,,11850\n"
ENFORCEMENT = "(2026)粤0305执567号,执行,20261201,南山区人民法院,,C002,5万元\n"


def _mapping():  # type: ignore[no-untyped-def]
    return load_mapping(EXAMPLES / "mappings" / "legal_events.toml")


def _events(c: Container) -> list[tuple[object, ...]]:
    e = legal_events.c
    with c.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(e.court_case_no, e.event, customers.c.customer_no, accounts.c.account_no,
                   e.event_date, e.court, e.amount)
            .join(customers, customers.c.id == e.customer_id)
            .outerjoin(accounts, accounts.c.id == e.account_id).order_by(e.id))]


def test_court_events_land_in_the_legal_tables_by_account_or_customer(
        branches: Container, tmp_path: Path) -> None:
    """Each event gets its customer (from the account when only the account is named), its
    date in any of the bank's formats and its amount in 元/万元."""
    c = branches
    run(c, write(tmp_path, HEADER + ROW1 + ROW2), customers_mapping())
    report = run(c, write(tmp_path, LEGAL_HEADER + FILING + JUDGMENT + ENFORCEMENT, "l.csv"),
                 _mapping())
    assert report.status == "imported" and report.inserted == {"legal_events": 3}
    rows = _events(c)
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("(2026)粤0304民初1234号", "filing", "C001", "A001"),
        ("(2026)粤0304民初1234号", "judgment", "C001", "A001"),
        ("(2026)粤0305执567号", "enforcement", "C002", None)]
    assert [str(r[4]) for r in rows] == ["2026-09-01", "2026-11-20", "2026-12-01"]
    assert [str(r[6]) for r in rows] == ["12000.00", "11850.00", "50000.00"]


def test_a_later_export_upserts_by_court_case_number_and_event_and_audits_it(
        branches: Container, tmp_path: Path) -> None:
    """The same events again change nothing; a corrected judgment amount updates that row
    only (audited with before and after) and a new event is added."""
    c = branches
    run(c, write(tmp_path, HEADER + ROW1 + ROW2), customers_mapping())
    run(c, write(tmp_path, LEGAL_HEADER + FILING + JUDGMENT, "l1.csv"), _mapping())
    later = run(c, write(tmp_path, LEGAL_HEADER + FILING + JUDGMENT.replace("11850", "11900")
                         + ENFORCEMENT, "l2.csv"), _mapping())
    assert (later.inserted, later.updated, later.unchanged) == (
        {"legal_events": 1}, {"legal_events": 1}, {"legal_events": 1})
    assert [str(r[6]) for r in _events(c)] == ["12000.00", "11900.00", "50000.00"]
    with c.engine.connect() as conn:
        audit = conn.execute(select(audit_events.c.before, audit_events.c.after).where(
            audit_events.c.action == "data.update.legal_events")).all()
    assert [(a.before["amount"], a.after["amount"]) for a in audit] == [("11850.00",
                                                                         "11900.00")]


def test_bad_events_are_refused_row_by_row_and_nothing_is_written(
        branches: Container, tmp_path: Path) -> None:
    """An event word outside the code table, an event naming neither account nor customer,
    an account that exists nowhere and a negative amount: each reported on its row."""
    c = branches
    run(c, write(tmp_path, HEADER + ROW1 + ROW2), customers_mapping())
    bad = (LEGAL_HEADER + FILING
           + "(2026)粤0304民初9号,撤诉,2026-09-01,福田区人民法院,A001,,\n"
           + "(2026)粤0304民初10号,立案,2026-09-01,福田区人民法院,,,\n"
           + "(2026)粤0304民初11号,立案,2026-09-01,福田区人民法院,A999,,\n"
           + "(2026)粤0304民初12号,判决,2026-09-01,福田区人民法院,A001,,-5\n")
    report = run(c, write(tmp_path, bad, "bad.csv"), _mapping())
    assert report.status == "rejected" and report.rejected == 4
    assert {(e.row, e.code) for e in report.errors} == {
        (2, "intake.unknown_code"), (2, "intake.required"), (3, "intake.one_of_required"),
        (4, "intake.missing_reference"), (5, "intake.negative_amount")}
    with c.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(legal_events)).scalar_one() == 0
