"""The contact log and complaints in the database."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from doorstep.complaints.listing import ComplaintRecord
from doorstep.contacts.model import Contact, NewContact, Party
from doorstep.contacts.ports import ComplaintDue, StoredComplaint
from doorstep.core.clock import naive_utc, utc
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.store.tables import (
    branches,
    cases,
    complaints,
    contacts,
    customers,
    repayments,
)


def _contact(r: Any) -> Contact:
    return Contact(id=int(r.id), case_id=int(r.case_id), channel=r.channel, party=r.party,
                   relation=r.relation, outcome=r.outcome, at=utc(r.at), proof=r.proof,
                   staff_id=r.staff_id, recorded_by=r.recorded_by, note=r.note)


class ContactRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, new: NewContact, recorded_by: str) -> int:
        key = self.conn.execute(insert(contacts).values(
            case_id=new.case_id, channel=new.channel.value, at=naive_utc(new.at),
            outcome=str(new.outcome), confirmed=new.proof != "none", staff_id=new.staff_id,
            third_party=new.party not in (Party.DEBTOR, Party.GUARANTOR),
            party=new.party.value, relation=new.relation.strip(), proof=new.proof.value,
            consent=new.consent, note=new.note, recorded_by=recorded_by)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def of_case(self, case_id: int) -> list[Contact]:
        rows = self.conn.execute(select(contacts).where(contacts.c.case_id == case_id)
                                 .order_by(contacts.c.at, contacts.c.id))
        return [_contact(r) for r in rows]

    def overdue_months(self, case_id: int) -> list[tuple[date, int]]:
        """(month, days past due) of the case's account, oldest first (empty if none)."""
        account = self.conn.execute(select(cases.c.account_id)
                                    .where(cases.c.id == case_id)).scalar_one_or_none()
        if account is None:
            return []
        rows = self.conn.execute(select(repayments.c.month, repayments.c.days_past_due)
                                 .where(repayments.c.account_id == account)
                                 .order_by(repayments.c.month))
        return [(r.month, int(r.days_past_due)) for r in rows]

    # complaints -----------------------------------------------------------------------

    def add_complaint(self, **values: Any) -> int:
        key = self.conn.execute(insert(complaints).values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def complaint(self, complaint_id: int) -> StoredComplaint:
        row = self.conn.execute(select(complaints, customers.c.name.label("customer_name"))
                                .join(customers, customers.c.id == complaints.c.customer_id)
                                .where(complaints.c.id == complaint_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Complaint")), id=complaint_id)
        return StoredComplaint(**row._mapping)

    def update_complaint(self, complaint_id: int, **values: Any) -> None:
        self.conn.execute(update(complaints).where(complaints.c.id == complaint_id)
                          .values(**values))

    def set_regulator_flag(self, customer_id: int) -> None:
        self.conn.execute(update(customers).where(customers.c.id == customer_id)
                          .values(under_regulator_complaint=True))

    def overdue_complaints(self, now: datetime, branch_id: int | None,
                           limit: int = 50) -> list[ComplaintDue]:
        """Open complaints past their handling deadline, most overdue first."""
        cond = and_(complaints.c.closed_at.is_(None), complaints.c.due_at.is_not(None),
                    complaints.c.due_at < naive_utc(now))
        if branch_id is not None:
            cond = and_(cond, complaints.c.branch_id == branch_id)
        return [ComplaintDue(**r._mapping) for r in self.conn.execute(
            select(complaints.c.id, complaints.c.channel, complaints.c.category,
                   complaints.c.received_at, complaints.c.due_at, complaints.c.extended_at,
                   customers.c.name.label("customer_name"))
            .join(customers, customers.c.id == complaints.c.customer_id)
            .where(cond).order_by(complaints.c.due_at, complaints.c.id).limit(limit))]

    def open_complaints(self, branch_id: int | None, limit: int = 200) -> list[ComplaintDue]:
        """Open complaints with a deadline, earliest deadline (most overdue) first."""
        cond = and_(complaints.c.closed_at.is_(None), complaints.c.due_at.is_not(None))
        if branch_id is not None:
            cond = and_(cond, complaints.c.branch_id == branch_id)
        return [ComplaintDue(**r._mapping) for r in self.conn.execute(
            select(complaints.c.id, complaints.c.channel, complaints.c.category,
                   complaints.c.received_at, complaints.c.due_at, complaints.c.extended_at,
                   customers.c.name.label("customer_name"))
            .join(customers, customers.c.id == complaints.c.customer_id)
            .where(cond).order_by(complaints.c.due_at, complaints.c.id).limit(limit))]

    def complaint_records(self, branch_id: int | None, customer_id: int | None,
                          closed: bool | None, limit: int = 500) -> list[ComplaintRecord]:
        """Complaints of a branch (or all) and customer (or all); open, closed or both."""
        cond = and_(True)
        if branch_id is not None:
            cond = and_(cond, complaints.c.branch_id == branch_id)
        if customer_id is not None:
            cond = and_(cond, complaints.c.customer_id == customer_id)
        if closed is not None:
            cond = and_(cond, complaints.c.closed_at.is_not(None) if closed
                        else complaints.c.closed_at.is_(None))
        rows = self.conn.execute(
            select(complaints, customers.c.name.label("customer_name"),
                   customers.c.under_regulator_complaint, branches.c.name.label("branch_name"))
            .join(customers, customers.c.id == complaints.c.customer_id)
            .join(branches, branches.c.id == complaints.c.branch_id)
            .where(cond).order_by(complaints.c.received_at.desc(), complaints.c.id.desc())
            .limit(limit))
        return [_complaint_record(r) for r in rows]


def _when(value: datetime | None) -> datetime | None:
    return None if value is None else utc(value)


def _complaint_record(r: Any) -> ComplaintRecord:
    return ComplaintRecord(
        id=int(r.id), customer_id=int(r.customer_id), customer_name=r.customer_name,
        branch_id=int(r.branch_id), branch_name=r.branch_name, channel=r.channel,
        category=r.category, text=r.text, severity=int(r.severity),
        received_at=utc(r.received_at), due_at=_when(r.due_at),
        extended_at=_when(r.extended_at), extension_reason=r.extension_reason,
        closed_at=_when(r.closed_at), regulator_flag=bool(r.under_regulator_complaint))
