"""Load a demo bank into an empty database in ONE transaction: reference data, customers
in chunks (generated and inserted as they go), then cases with their histories, then the
audit chain. Bulk Core ``insert(table)`` executemany throughout; a failure leaves the
database as it was."""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select, text

from doorstep.cases.compliance import DEFAULT_POLICY, Policy
from doorstep.core.crypto import FieldCipher
from doorstep.core.errors import Conflict
from doorstep.core.i18n import N_, codes
from doorstep.core.passwords import hash_password
from doorstep.core.settings import get_settings
from doorstep.demo.bulk import BulkInserter
from doorstep.demo.casebook_demo import add_casebook
from doorstep.demo.context import DEFAULT_AS_OF, DEMO_PASSWORD, DemoConfig, IdSequence
from doorstep.demo.customers import CustomerStage
from doorstep.demo.day_fit import fit_today
from doorstep.demo.evaluation_demo import add_evaluation
from doorstep.demo.histories import write_case
from doorstep.demo.legal_demo import add_legal
from doorstep.demo.reference import Reference, make_reference
from doorstep.demo.selection import Profile, need, seed_case
from doorstep.demo.story import CaseRows, World
from doorstep.demo.training_demo import add_training
from doorstep.store import tables as t
from doorstep.store.audit_log import append_many
from doorstep.store.db import make_engine
from doorstep.store.tables_approvals import approvals

#: ``progress(stage, done, total)``: called as each stage advances.
Progress = Callable[[str, int, int], None]
STAGES: dict[str, str] = {
    "reference": "网点、员工、用户与计划", "customers": "客户、账户、还款与投诉",
    "cases": "案件与上门历史", "write": "写入案件记录", "audit": "审计日志",
    "today_model": "筛选模型训练与启用", "today_routes": "各网点今日路线",
}
#: Tables whose primary keys the demo assigns itself (PostgreSQL sequences follow).
ID_TABLES: tuple[Table, ...] = (
    t.branches, t.staff, t.certificates, t.teams, t.users, t.plans, t.plan_goals, t.plan_steps,
    t.customers, t.accounts, t.repayments, t.complaints, t.cases, t.appointments, t.contacts,
    t.visits, t.agreements, t.instalments, t.surveys, t.compliance_exceptions, approvals,
)

codes({"demo.not_empty": N_(
    "The database already holds bank data (%(customers)s customers, %(branches)s branches); "
    "the demo bank loads only into an empty database")})


class DatabaseNotEmpty(Conflict):
    code = "demo.not_empty"


def _noop(stage: str, done: int, total: int) -> None:
    return None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while millions of short-lived rows are alive: the
    rows hold no cycles, and full collections over them would cost a fifth of the load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Loader:
    """One load inside the caller's transaction on ``conn``."""

    def __init__(self, conn: Connection, cfg: DemoConfig, cipher: FieldCipher, policy: Policy,
                 password_hash: str, progress: Progress) -> None:
        self.conn, self.cfg, self.cipher, self.policy = conn, cfg, cipher, policy
        self.password_hash = password_hash
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self.bulk = BulkInserter(conn)
        self.timings: dict[str, float] = {}

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        self.bulk.insert(table, rows)
        self.counts[table.name] += len(rows)

    def refuse_non_empty(self) -> None:
        customers = self.conn.execute(select(func.count()).select_from(t.customers)).scalar_one()
        branches = self.conn.execute(select(func.count()).select_from(t.branches)).scalar_one()
        if customers or branches:
            raise DatabaseNotEmpty(customers=customers, branches=branches)

    def id_starts(self) -> IdSequence:
        start = {}
        for table in ID_TABLES:
            last = self.conn.execute(select(func.max(table.c.id))).scalar()
            start[table.name] = int(last or 0) + 1
        return IdSequence(start=start)

    def run(self) -> dict[str, int]:
        self.refuse_non_empty()
        ids = self.id_starts()
        ref = self._timed("reference", lambda: self.reference(ids))
        profiles = self._timed("customers", lambda: CustomerStage(self, ids, ref).run())
        rows = self._timed("cases", lambda: self.cases(ids, ref, profiles))
        self._timed("write", lambda: self.write_cases(rows))
        self._timed("day_teams", lambda: fit_today(self, ids, ref))
        self._timed("evaluation", lambda: add_evaluation(self, self.cfg, ids))
        self.counts.update(add_legal(self.conn, self.cfg, rows))
        self._timed("audit", lambda: self.audit(rows))
        if self.conn.dialect.name == "postgresql":
            self.follow_sequences()
        self.counts.update(add_casebook(self.conn, self.cfg))
        self.counts.update(add_training(self.conn, self.cfg))
        return dict(self.counts)

    def _timed(self, stage: str, fn: Callable[[], Any]) -> Any:
        began = time.perf_counter()
        result = fn()
        self.timings[stage] = time.perf_counter() - began
        return result

    def reference(self, ids: IdSequence) -> Reference:
        self.progress("reference", 0, 1)
        existing = {r.username: r.id for r in self.conn.execute(
            select(t.users.c.username, t.users.c.id))}
        ref = make_reference(self.cfg, ids, self.cipher, self.password_hash, existing)
        for table, rows in ref.rows:
            self.insert(table, rows)
        self.progress("reference", 1, 1)
        return ref

    def cases(self, ids: IdSequence, ref: Reference, profiles: list[Profile]) -> CaseRows:
        rng = self.cfg.rng("cases")
        seeds = [seed_case(rng, p) for p in profiles if rng.random() < need(p)]
        world = World(self.cfg, ids, self.policy, ref.teams_by_branch, ref.dispatchers,
                      ref.field_team_id, ref.plans.scopes)
        rows = CaseRows()
        for i, seed in enumerate(seeds, 1):
            write_case(rng, world, seed, rows)
            if i % 500 == 0 or i == len(seeds):
                self.progress("cases", i, len(seeds))
        return rows

    def write_cases(self, rows: CaseRows) -> None:
        order = ((t.cases, rows.cases), (t.appointments, rows.appointments),
                 (t.contacts, rows.contacts), (t.visits, rows.visits),
                 (t.agreements, rows.agreements), (t.instalments, rows.instalments),
                 (t.surveys, rows.surveys), (approvals, rows.approvals),
                 (t.compliance_exceptions, rows.exceptions))
        for done, (table, table_rows) in enumerate(order, 1):
            self.insert(table, table_rows)
            self.progress("write", done, len(order))

    def audit(self, rows: CaseRows) -> None:
        """Every case's history, in time order across the whole bank, on the hash chain."""
        self.progress("audit", 0, 1)
        rows.events.sort(key=lambda e: (e[0], e[1], e[2]))
        append_many(self.conn, (entry for *_, entry in rows.events))
        self.counts[t.audit_events.name] += len(rows.events)
        self.progress("audit", 1, 1)

    def follow_sequences(self) -> None:
        """PostgreSQL: move each id sequence past the ids the demo wrote itself."""
        for table in ID_TABLES:
            self.conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


def load_demo(engine_or_url: Engine | str, customers: int, seed: int,
              progress: Progress | None = None, *, as_of: date = DEFAULT_AS_OF,
              timings: dict[str, float] | None = None,
              cipher: FieldCipher | None = None) -> dict[str, int]:
    """Generate and load a demo bank of ``customers`` customers; rows per table.

    Deterministic for (``customers``, ``seed``, ``as_of``) apart from ciphertexts (AES-GCM
    nonces are random). Personal data is sealed with ``cipher`` (default: the settings'
    key). Raises :class:`DatabaseNotEmpty` (and changes nothing) when the database holds
    customers or branches already.
    """
    cfg = DemoConfig(customers=customers, seed=seed, as_of=as_of)
    settings = get_settings()
    policy = Policy.from_toml(settings.policy_file or DEFAULT_POLICY)
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        with _collector_paused(), engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.info["sqlite_begin"] = "BEGIN IMMEDIATE"
                conn.exec_driver_sql("PRAGMA cache_size=-131072")
                conn.commit()
            with conn.begin():
                loader = Loader(conn, cfg, cipher or settings.cipher(), policy,
                                hash_password(DEMO_PASSWORD), progress or _noop)
                counts = loader.run()
            conn.info.pop("sqlite_begin", None)
            if conn.dialect.name == "postgresql":
                # Planner statistics for the freshly loaded tables; without them PostgreSQL
                # guesses one row per filter until autovacuum gets round to it.
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
            if timings is not None:
                timings.update(loader.timings)
            return counts
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()
