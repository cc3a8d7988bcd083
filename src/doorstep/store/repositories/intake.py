"""Data intake in the database: records upserted by the bank's keys, personal data sealed and
indexed as it arrives, references looked up, import runs kept with the file hash."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from doorstep.core.crypto import FieldCipher
from doorstep.intake.diff import KEY_COLUMN, key_of_row
from doorstep.intake.model import Kind, Record
from doorstep.intake.ports import BranchRef, ImportRun, RowChange
from doorstep.store import tables as t
from doorstep.store.repositories.intake_export import export_rows
from doorstep.store.repositories.intake_upsert import CONFLICT_KEYS, Changed, upsert
from doorstep.store.tables_intake import import_changes, import_runs
from doorstep.store.tables_legal import legal_events

TABLES: dict[Kind, Table] = {
    Kind.BRANCHES: t.branches, Kind.STAFF: t.staff, Kind.CUSTOMERS: t.customers,
    Kind.ACCOUNTS: t.accounts, Kind.REPAYMENT_MONTHS: t.repayments, Kind.COMPLAINTS: t.complaints,
    Kind.LEGAL_EVENTS: legal_events,
}
# personal fields: (plaintext field, sealed column, blind index column or None)
SEALED: dict[Kind, tuple[tuple[str, str, str | None], ...]] = {
    Kind.CUSTOMERS: (("national_id", "national_id_enc", "national_id_index"),
                     ("phone", "phone_enc", "phone_index"), ("address", "address_enc", None)),
    Kind.STAFF: (("phone", "phone_enc", None),),
}

class IntakeRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self.conn = conn
        self.cipher = cipher

    # -- lookups -------------------------------------------------------------------------
    def ids_by_key(self, kind: Kind, keys: Iterable[str]) -> dict[str, int]:
        """Database ids of the given bank keys (branch code, customer_no, account_no, ...)."""
        wanted = sorted(set(keys))
        table = TABLES[kind]
        col = table.c[KEY_COLUMN[kind]]
        out: dict[str, int] = {}
        for i in range(0, len(wanted), 900):
            rows = self.conn.execute(select(col, table.c.id).where(col.in_(wanted[i:i + 900])))
            out.update({str(k): int(v) for k, v in rows})
        return out

    def existing_keys(self, kind: Kind, keys: list[str]) -> set[str]:
        """Which of ``keys`` are stored (the reference check of a file)."""
        return set(self.ids_by_key(kind, keys))

    def branches(self, codes: Iterable[str]) -> dict[str, BranchRef]:
        b = t.branches
        rows = self.conn.execute(select(b).where(b.c.code.in_(sorted(set(codes)))))
        return {r.code: BranchRef(**r._mapping) for r in rows}

    def customer_branches(self, ids: Iterable[int]) -> dict[int, int]:
        c = t.customers
        rows = self.conn.execute(select(c.c.id, c.c.branch_id).where(c.c.id.in_(sorted(set(ids)))))
        return {int(a): int(b) for a, b in rows}

    def account_customers(self, ids: Iterable[int]) -> dict[int, int]:
        a = t.accounts
        rows = self.conn.execute(select(a.c.id, a.c.customer_id)
                                 .where(a.c.id.in_(sorted(set(ids)))))
        return {int(i): int(c) for i, c in rows}

    # -- upsert --------------------------------------------------------------------------
    def existing(self, kind: Kind, values: Sequence[Record]) -> dict[Hashable, Record]:
        """Stored rows with the same keys as ``values`` (column values, personal data
        opened), keyed like :func:`row_key`."""
        table = TABLES[kind]
        if kind is Kind.REPAYMENT_MONTHS:
            # by account (the unique index's first column), months filtered here: a tuple IN
            # of 5,000 pairs makes PostgreSQL scan bitmaps of the whole table
            wanted = {key_of_row(kind, v) for v in values}
            cond = table.c.account_id.in_(sorted({k[0] for k in wanted}))
            rows = self.conn.execute(select(table).where(cond)).mappings()
            return {k: dict(r) for r in rows if (k := key_of_row(kind, r)) in wanted}
        if kind is Kind.LEGAL_EVENTS:  # keyed by (court case number, event)
            wanted = {key_of_row(kind, v) for v in values}
            cond = table.c.court_case_no.in_(sorted({k[0] for k in wanted}))
            rows = self.conn.execute(select(table).where(cond)).mappings()
            return {k: dict(r) for r in rows if (k := key_of_row(kind, r)) in wanted}
        col = KEY_COLUMN[kind]
        cond = table.c[col].in_(sorted({v[col] for v in values}))
        rows = self.conn.execute(select(table).where(cond)).mappings()
        return {key_of_row(kind, r): self._opened(kind, dict(r)) for r in rows}

    def _opened(self, kind: Kind, row: dict[str, Any]) -> dict[str, Any]:
        for _field, sealed, _index in SEALED.get(kind, ()):
            row[sealed] = self.cipher.open(row[sealed])
        return row

    def set_based(self, kind: Kind) -> bool:
        """Whether ``kind`` is written by :meth:`upsert` (no sealed data, no side effects)."""
        return kind in CONFLICT_KEYS

    def upsert(self, kind: Kind, rows: Sequence[Record]) -> tuple[int, Changed]:
        """Staged and upserted in one statement: (inserted, changed stored rows)."""
        return upsert(self.conn, kind, TABLES[kind], rows)

    def write(self, kind: Kind, inserts: list[Record], updates: list[tuple[int, Record]]) -> None:
        """Insert new rows and update changed ones, sealing personal data on the way."""
        table = TABLES[kind]
        if inserts:
            self.conn.execute(insert(table), [self._sealed(kind, v) for v in inserts])
        for row_id, changes in updates:
            self.conn.execute(update(table).where(table.c.id == row_id)
                              .values(**self._sealed(kind, changes)))
        if kind == Kind.COMPLAINTS:  # a 12378 complaint puts the customer under regulator watch
            flagged = {v["customer_id"] for v in inserts if v.get("channel") == "regulator"}
            if flagged:
                self.conn.execute(update(t.customers).where(t.customers.c.id.in_(flagged))
                                  .values(under_regulator_complaint=True))

    def _sealed(self, kind: Kind, values: Record) -> Record:
        out = dict(values)
        for _field, sealed, index in SEALED.get(kind, ()):
            if sealed in out:
                plain = out[sealed] or ""
                out[sealed] = self.cipher.seal(plain)
                if index:
                    out[index] = self.cipher.blind_index(plain)
        return out

    # -- runs ----------------------------------------------------------------------------
    def run_for(self, sha256: str, mapping_digest: str) -> ImportRun | None:
        r = import_runs.c
        row = self.conn.execute(
            select(import_runs).where(r.file_sha256 == sha256, r.mapping_digest == mapping_digest,
                                      r.status == "imported").order_by(r.id.desc())).first()
        return None if row is None else ImportRun(**row._mapping)

    def add_run(self, values: Record) -> int:
        stmt = insert(import_runs).values(**values).returning(import_runs.c.id)
        return int(self.conn.execute(stmt).scalar_one())

    # -- change log ----------------------------------------------------------------------
    def log_changes(self, kind: Kind, entries: Sequence[tuple[str, str, Any]]) -> None:
        """(row key, action, masked changes) of one batch, in one statement."""
        if entries:
            self.conn.execute(insert(import_changes), [
                {"kind": kind.value, "row_key": key[:80], "action": action, "changes": changes}
                for key, action, changes in entries])

    def claim_changes(self, run_id: int) -> None:
        """The import's change log entries (written before its run row) get its id."""
        c = import_changes.c
        self.conn.execute(update(import_changes).where(c.run_id.is_(None)).values(run_id=run_id))

    def changes_of(self, kind: Kind, key: str) -> list[RowChange]:
        """Who changed this row, in which import: oldest first."""
        c, r = import_changes.c, import_runs.c
        rows = self.conn.execute(
            select(c.run_id, c.action, c.changes, r.file_name, r.actor, r.finished_at)
            .join(import_runs, r.id == c.run_id)
            .where(c.kind == kind.value, c.row_key == key).order_by(c.id)).mappings()
        return [RowChange(**row) for row in rows]

    def export_rows(self, kind: Kind) -> Iterator[Record]:
        return export_rows(self.conn, self.cipher, kind)

    def stats(self) -> dict[str, int]:
        return {k.value: int(self.conn.execute(select(func.count()).select_from(tbl)).scalar_one())
                for k, tbl in TABLES.items()}
