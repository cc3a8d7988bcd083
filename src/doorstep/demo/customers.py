"""The customer stage: customers with their accounts, repayment history and complaints,
generated and inserted chunk by chunk so that memory stays flat; what case generation
needs of each customer is kept as a small :class:`Profile`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from sqlalchemy import Table

from doorstep.core.crypto import FieldCipher
from doorstep.demo.accounts import AccountBatch, make_accounts
from doorstep.demo.complaints import make_complaints
from doorstep.demo.context import DemoConfig, IdSequence
from doorstep.demo.people import make_customer
from doorstep.demo.reference import Reference
from doorstep.demo.repayments import history_months
from doorstep.demo.selection import Profile
from doorstep.store import tables as t

CUSTOMER_CHUNK = 5_000


class Sink(Protocol):
    cfg: DemoConfig
    cipher: FieldCipher
    progress: Callable[[str, int, int], None]

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None: ...


class CustomerStage:
    def __init__(self, sink: Sink, ids: IdSequence, ref: Reference) -> None:
        self.sink, self.ids, self.ref = sink, ids, ref
        cfg = sink.cfg
        self.rng_people, self.rng_accounts = cfg.rng("people"), cfg.rng("accounts")
        self.rng_complaints = cfg.rng("complaints")
        self.months = history_months(cfg.as_of)
        self.branch_names = {b.id: b.name for b in ref.branches}

    def run(self) -> list[Profile]:
        total = self.sink.cfg.customers
        profiles: list[Profile] = []
        for start in range(0, total, CUSTOMER_CHUNK):
            profiles.extend(self.chunk(min(CUSTOMER_CHUNK, total - start)))
            self.sink.progress("customers", len(profiles), total)
        return profiles

    def chunk(self, n: int) -> list[Profile]:
        cfg, ids = self.sink.cfg, self.ids
        customers: list[dict[str, Any]] = []
        complaints: list[dict[str, Any]] = []
        batch = AccountBatch([], [])
        out: list[Profile] = []
        for _ in range(n):
            c = make_customer(self.rng_people, cfg, ids, self.ref.registry, self.ref.branches,
                              self.sink.cipher)
            accounts = make_accounts(self.rng_accounts, c, ids, self.months, cfg.as_of, batch)
            info = make_complaints(self.rng_complaints, cfg, ids, c, accounts,
                                   self.branch_names[c.branch_id], complaints)
            since = info.regulator_since if info is not None else None
            c.row["under_regulator_complaint"] = since is not None
            customers.append(c.row)
            out.append(Profile(c.id, c.branch_id, c.lat, c.lon, c.contact_window,
                               c.do_not_visit, since, tuple(accounts), info))
        for table, rows in ((t.customers, customers), (t.accounts, batch.accounts),
                            (t.repayments, batch.repayments), (t.complaints, complaints)):
            self.sink.insert(table, rows)
        return out
