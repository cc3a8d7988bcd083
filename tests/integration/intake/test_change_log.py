"""Every change an import makes is in the row-level change log, written per batch (set-based
for accounts and months): which import inserted or changed a customer's or an account's row,
and the changed fields with personal data masked."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from doorstep.container import Container
from doorstep.intake.model import Kind
from doorstep.intake.ports import RowChange
from doorstep.store.tables_intake import import_changes
from tests.integration.intake.conftest import HEADER, ROW1, ROW2, customers_mapping, run, write


def _history(c: Container, kind: Kind, key: str) -> list[RowChange]:
    with c.uow() as uow:
        return uow.intake.changes_of(kind, key)


def test_a_later_file_that_updates_a_customer_is_named_in_the_change_log(
        branches: Container, tmp_path: Path) -> None:
    """Day 1 inserts two customers and two accounts; day 2 changes one phone and one
    balance: each row's history names both imports, the change masked."""
    first = run(branches, write(tmp_path, HEADER + ROW1 + ROW2), customers_mapping())
    moved = ROW2.replace("+86 139 0000 1111", "13700002222").replace("３万元", "31000")
    second = run(branches, write(tmp_path, HEADER + ROW1 + moved, "day2.csv"),
                 customers_mapping())
    assert second.updated == {"customers": 1, "accounts": 1}

    c002 = _history(branches, Kind.CUSTOMERS, "C002")
    assert [(h.run_id, h.action) for h in c002] == [(first.run_id, "insert"),
                                                           (second.run_id, "update")]
    assert c002[1].changes == {"phone_enc": ["139****1111", "137****2222"]}
    assert c002[1].file_name == "day2.csv" and c002[1].actor

    a002 = _history(branches, Kind.ACCOUNTS, "A002")
    assert [(h.run_id, h.action) for h in a002] == [(first.run_id, "insert"),
                                                           (second.run_id, "update")]
    assert a002[1].changes == {"balance": ["30000.00", "31000.00"]}
    assert [h.action for h in _history(branches, Kind.CUSTOMERS, "C001")] == ["insert"]


def _logged(c: Container) -> list[tuple[str, str, int | None]]:
    """The change log apart from the fixture's branches."""
    c_ = import_changes.c
    with c.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(c_.kind, c_.action, c_.run_id)
                                               .where(c_.kind != "branches"))]


def test_the_same_file_twice_and_a_dry_run_log_nothing_more(branches: Container,
                                                            tmp_path: Path) -> None:
    """A dry run leaves no entry; the second run of a file changes nothing and logs nothing;
    every entry names its import."""
    path = write(tmp_path, HEADER + ROW1)
    run(branches, path, customers_mapping(), dry_run=True)
    assert _logged(branches) == []
    first = run(branches, path, customers_mapping())
    again = run(branches, path, customers_mapping())
    assert again.status == "already_imported"
    assert sorted(_logged(branches)) == [("accounts", "insert", first.run_id),
                                         ("customers", "insert", first.run_id)]
