"""Rows of each kind in the import's own field names (personal data opened), streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Select, select

from doorstep.core.crypto import FieldCipher
from doorstep.intake.model import Kind
from doorstep.store import tables as t
from doorstep.store.tables_legal import legal_events

b, s, c, a, r, k = (t.branches.c, t.staff.c, t.customers.c, t.accounts.c, t.repayments.c,
                    t.complaints.c)


def _query(kind: Kind) -> Select[Any]:
    if kind is Kind.BRANCHES:
        return select(b.code, b.name, b.district, b.address, b.lat, b.lon).order_by(b.id)
    if kind is Kind.STAFF:
        return (select(s.staff_no, s.name, s.role, b.code.label("branch_code"),
                       s.phone_enc.label("phone"), s.skills)
                .join(t.branches, b.id == s.branch_id).order_by(s.id))
    if kind is Kind.CUSTOMERS:
        return (select(c.customer_no, c.name, c.gender, c.birth_year,
                       c.national_id_enc.label("national_id"), c.phone_enc.label("phone"),
                       c.address_enc.label("address"), c.district, c.lat, c.lon,
                       b.code.label("branch_code"), c.do_not_visit)
                .join(t.branches, b.id == c.branch_id).order_by(c.id))
    if kind is Kind.ACCOUNTS:
        return (select(a.account_no, c.customer_no, a.business_line, a.product, a.opened_on,
                       a.balance, a.credit_limit, a.days_past_due, a.overdue_amount, a.status)
                .join(t.customers, c.id == a.customer_id).order_by(a.id))
    if kind is Kind.REPAYMENT_MONTHS:
        return (select(a.account_no, r.month, r.days_past_due, r.amount_due, r.amount_paid,
                       r.balance).join(t.accounts, a.id == r.account_id).order_by(r.id))
    if kind is Kind.LEGAL_EVENTS:
        e = legal_events.c
        return (select(e.court_case_no, e.event, a.account_no, c.customer_no, e.event_date,
                       e.court, e.amount)
                .join(t.customers, c.id == e.customer_id)
                .outerjoin(t.accounts, a.id == e.account_id).order_by(e.id))
    return (select(k.id, k.complaint_no, c.customer_no, a.account_no, k.received_at, k.channel,
                   k.category.label("product"), k.business_line, k.text, k.severity)
            .join(t.customers, c.id == k.customer_id)
            .outerjoin(t.accounts, a.id == k.account_id).order_by(k.id))


_SEALED = {Kind.CUSTOMERS: ("national_id", "phone", "address"), Kind.STAFF: ("phone",)}


def export_rows(conn: Connection, cipher: FieldCipher, kind: Kind) -> Iterator[dict[str, Any]]:
    result = conn.execute(_query(kind).execution_options(yield_per=5000)).mappings()
    for row in result:
        out = dict(row)
        for name in _SEALED.get(kind, ()):
            out[name] = cipher.open(out[name]) or None
        if kind is Kind.STAFF:
            out["skills"] = "|".join(out["skills"] or [])
        if kind is Kind.COMPLAINTS:
            out["complaint_no"] = out["complaint_no"] or f"K{out.pop('id')}"
        yield out
