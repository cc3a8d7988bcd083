"""The import use case on a real database: all or nothing, idempotent by file hash, upserts
by the bank's keys with every update audited, personal data sealed and masked."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.store.tables import accounts, audit_events, customers
from doorstep.store.tables_intake import import_runs
from tests.integration.intake.conftest import (
    HEADER,
    ROW1,
    ROW2,
    customers_mapping,
    run,
    write,
)


def _count(c: Container, table: object) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_customers_and_accounts_arrive_sealed_and_masked(branches: Container,
                                                        tmp_path: Path) -> None:
    """Imported personal data is encrypted with a blind index and shown masked; amounts in
    元/万元 and Chinese dates are stored exactly."""
    c = branches
    report = run(c, write(tmp_path, HEADER + ROW1 + ROW2, encoding="gbk"), customers_mapping())
    assert report.status == "imported"
    assert report.inserted == {"customers": 2, "accounts": 2}
    with c.engine.connect() as conn:
        row = conn.execute(select(customers).where(customers.c.customer_no == "C002")).one()
        acct = conn.execute(select(accounts).where(accounts.c.account_no == "A002")).one()
    assert "139" not in row.phone_enc and row.phone_index == c.cipher.blind_index("13900001111")
    assert str(acct.balance) == "30000.00" and str(acct.opened_on) == "2024-01-05"
    with c.uow(write=False) as uow:
        view = uow.customers.view(row.id)
    assert view.phone == "139****1111" and view.national_id.startswith("440301")
    assert "*" in view.national_id


def test_same_file_twice_changes_nothing_and_says_so(branches: Container,
                                                    tmp_path: Path) -> None:
    """The second import of the same bytes is recognised by its hash and writes nothing."""
    path = write(tmp_path, HEADER + ROW1)
    first = run(branches, path, customers_mapping())
    events, runs = _count(branches, audit_events), _count(branches, import_runs)
    again = run(branches, path, customers_mapping())
    assert first.status == "imported" and again.status == "already_imported"
    assert again.previous["run"] == first.run_id
    assert _count(branches, import_runs) == runs and _count(branches, audit_events) == events


def test_a_later_file_upserts_by_key_and_audits_each_change(branches: Container,
                                                           tmp_path: Path) -> None:
    """A changed row updates its record (audited, personal data masked); others unchanged."""
    run(branches, write(tmp_path, HEADER + ROW1 + ROW2), customers_mapping())
    moved = ROW2.replace("+86 139 0000 1111", "13700002222")
    report = run(branches, write(tmp_path, HEADER + ROW1 + moved, "day2.csv"),
                 customers_mapping())
    assert report.updated == {"customers": 1, "accounts": 0}
    assert report.unchanged == {"customers": 1, "accounts": 2}
    with branches.engine.connect() as conn:
        event = conn.execute(select(audit_events).where(
            audit_events.c.action == "data.update.customers")).one()
    assert event.before == {"phone_enc": "139****1111"}
    assert event.after == {"phone_enc": "137****2222"}


def test_one_bad_row_imports_nothing_unless_good_rows_are_asked_for(branches: Container,
                                                                   tmp_path: Path) -> None:
    """All or nothing: a wrong check digit blocks the file; keep_good_rows imports the rest."""
    bad = ROW2.replace("440301198501011236", "440301198501011234")
    path = write(tmp_path, HEADER + ROW1 + bad)
    refused = run(branches, path, customers_mapping())
    assert refused.status == "rejected" and refused.rejected == 1
    assert [(e.row, e.column, e.code) for e in refused.errors] == [
        (2, "身份证号", "intake.national_id_check")]
    assert _count(branches, customers) == 0
    kept = run(branches, path, customers_mapping(), keep_good_rows=True)
    assert kept.status == "imported" and kept.inserted == {"customers": 1, "accounts": 1}
    assert kept.rejected == 1


def test_dry_run_counts_but_writes_nothing(branches: Container, tmp_path: Path) -> None:
    """A dry run reports what would be inserted and leaves the database as it was."""
    report = run(branches, write(tmp_path, HEADER + ROW1 + ROW2), customers_mapping(),
                 dry_run=True)
    assert report.status == "dry_run" and report.inserted == {"customers": 2, "accounts": 2}
    assert _count(branches, customers) == 0 and _count(branches, import_runs) == 1


def test_account_of_a_customer_that_exists_nowhere_is_refused(branches: Container,
                                                             tmp_path: Path) -> None:
    """An account line whose customer is neither in the file nor stored is an error."""
    mapping_text = "[[target]]" + customers_mapping_text().split("[[target]]")[2]
    from doorstep.intake.mapping import parse_mapping

    report = run(branches, write(tmp_path, HEADER + ROW1), parse_mapping(mapping_text))
    assert [e.code for e in report.errors] == ["intake.missing_reference"]


def customers_mapping_text() -> str:
    from tests.integration.intake.conftest import CUSTOMERS

    return CUSTOMERS
