"""Customers in the database; personal data decrypted only here and only when asked."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from doorstep.core.crypto import FieldCipher
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.core.masking import mask_address, mask_national_id, mask_phone
from doorstep.customers.model import AccountView, ComplaintView, CustomerView, PersonalField
from doorstep.store.tables import accounts, branches, complaints, customers

_ENC = {
    PersonalField.NATIONAL_ID: customers.c.national_id_enc,
    PersonalField.PHONE: customers.c.phone_enc,
    PersonalField.ADDRESS: customers.c.address_enc,
}


class CustomerRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self.conn = conn
        self.cipher = cipher

    def _row(self, customer_id: int) -> Any:
        row = self.conn.execute(
            select(customers, branches.c.name.label("branch_name"))
            .join(branches, branches.c.id == customers.c.branch_id)
            .where(customers.c.id == customer_id)
        ).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Customer")), id=customer_id)
        return row

    def set_do_not_visit(self, customer_id: int, value: bool) -> None:
        """Set or lift the do-not-visit flag (only as the effect of an approval)."""
        self.conn.execute(customers.update().where(customers.c.id == customer_id)
                          .values(do_not_visit=value))

    def branch_of(self, customer_id: int) -> int:
        return int(self._row(customer_id).branch_id)

    def view(self, customer_id: int, *, holdings: bool = True) -> CustomerView:
        """The customer, masked; ``holdings=False`` leaves out accounts and complaints (two
        queries) for screens that show neither."""
        r = self._row(customer_id)
        accts = () if not holdings else tuple(
            AccountView(id=a.id, account_no=a.account_no, business_line=a.business_line,
                        product=a.product, balance=a.balance, days_past_due=a.days_past_due,
                        overdue_amount=a.overdue_amount, status=a.status)
            for a in self.conn.execute(
                select(accounts).where(accounts.c.customer_id == customer_id)
                .order_by(accounts.c.id))
        )
        comps = () if not holdings else tuple(
            ComplaintView(id=c.id, channel=c.channel, category=c.category, text=c.text,
                          severity=c.severity, received_at=c.received_at,
                          strong_dissatisfaction=c.strong_dissatisfaction)
            for c in self.conn.execute(
                select(complaints).where(complaints.c.customer_id == customer_id)
                .order_by(complaints.c.received_at.desc()))
        )
        return CustomerView(
            id=r.id, customer_no=r.customer_no, name=r.name, gender=r.gender,
            birth_year=r.birth_year,
            national_id=mask_national_id(self.cipher.open(r.national_id_enc)),
            phone=mask_phone(self.cipher.open(r.phone_enc)),
            address=mask_address(self.cipher.open(r.address_enc)), district=r.district,
            lat=r.lat, lon=r.lon, branch_id=r.branch_id, branch_name=r.branch_name,
            preferred_contact_times=r.preferred_contact_times, do_not_visit=r.do_not_visit,
            under_regulator_complaint=r.under_regulator_complaint, accounts=accts,
            complaints=comps,
        )

    def reveal(self, customer_id: int, field: PersonalField) -> str:
        token = self.conn.execute(
            select(_ENC[field]).where(customers.c.id == customer_id)
        ).scalar()
        if token is None:
            raise NotFound(entity=Msg(N_("Customer")), id=customer_id)
        return self.cipher.open(token) or ""

    def find_by_phone(self, phone: str) -> list[int]:
        idx = self.cipher.blind_index(phone)
        return list(self.conn.execute(
            select(customers.c.id).where(customers.c.phone_index == idx)).scalars())
