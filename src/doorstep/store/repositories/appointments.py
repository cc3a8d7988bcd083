"""Appointments, the customer's contact data for links, and the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from doorstep.core.clock import naive_utc
from doorstep.core.crypto import FieldCipher
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.store.tables import appointments, branches, cases, contacts, customers, visits
from doorstep.store.tables_dispatch import outbox
from doorstep.visits.appointments.outbox import OutboxMessage
from doorstep.visits.appointments.ports import (
    CustomerContact,
    StoredAppointment,
    StoredMessage,
    TeamAppointment,
)


def _pk(result: Any) -> int:
    """The new row's id."""
    return int(result.inserted_primary_key[0])


class AppointmentRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self.conn = conn
        self.cipher = cipher

    def add(self, **values: Any) -> int:
        return _pk(self.conn.execute(insert(appointments).values(**values))
                   )

    def get(self, appointment_id: int) -> StoredAppointment:
        row = self.conn.execute(select(appointments).where(
            appointments.c.id == appointment_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Appointment")), id=appointment_id)
        return StoredAppointment(**row._mapping)

    def by_token_hash(self, digest: str) -> StoredAppointment | None:
        row = self.conn.execute(select(appointments).where(
            appointments.c.token_hash == digest)).first()
        return None if row is None else StoredAppointment(**row._mapping)

    def update(self, appointment_id: int, expected_version: int, **values: Any) -> bool:
        result = self.conn.execute(update(appointments).where(
            appointments.c.id == appointment_id, appointments.c.version == expected_version,
        ).values(version=expected_version + 1, **values))
        return result.rowcount == 1

    def has_confirmed(self, case_id: int) -> bool:
        """Whether the case has a ``confirmed`` appointment not yet overtaken by a visit
        (its slot starts after the case's latest check-in, or there is no visit yet)."""
        last = select(func.max(visits.c.check_in_at)).where(
            visits.c.case_id == case_id).scalar_subquery()
        found = self.conn.execute(select(appointments.c.id).where(
            appointments.c.case_id == case_id, appointments.c.state == "confirmed",
            (last.is_(None)) | (appointments.c.slot_start > last)).limit(1)).first()
        return found is not None

    def add_phone_contact(self, case_id: int, at: datetime, outcome: str,
                          staff_id: int | None) -> None:
        """A phone call that reached the customer (e.g. confirming an appointment)."""
        self.conn.execute(insert(contacts).values(
            case_id=case_id, channel="phone", at=at, outcome=outcome, confirmed=True,
            staff_id=staff_id, third_party=False))

    def supersede_confirmed(self, case_id: int, keep_id: int) -> None:
        self.conn.execute(update(appointments).where(
            appointments.c.case_id == case_id, appointments.c.id != keep_id,
            appointments.c.state == "confirmed",
        ).values(state="rescheduled", version=appointments.c.version + 1))

    def team_busy(self, team_id: int, lo: datetime,
                  hi: datetime) -> list[tuple[datetime, datetime]]:
        rows = self.conn.execute(select(appointments.c.slot_start, appointments.c.slot_end).where(
            appointments.c.team_id == team_id, appointments.c.slot_start >= lo,
            appointments.c.slot_start < hi, appointments.c.state.in_(("proposed", "confirmed"))))
        return [(r.slot_start, r.slot_end) for r in rows]

    def of_team(self, team_id: int, since: datetime) -> list[TeamAppointment]:
        q = (select(appointments, cases.c.case_no, customers.c.name)
             .join(cases, cases.c.id == appointments.c.case_id)
             .join(customers, customers.c.id == cases.c.customer_id)
             .where(appointments.c.team_id == team_id, appointments.c.slot_start >= since,
                    appointments.c.state == "confirmed").order_by(appointments.c.slot_start))
        return [TeamAppointment(**r._mapping) for r in self.conn.execute(q)]

    def of_case(self, case_id: int) -> list[StoredAppointment]:
        return [StoredAppointment(**r._mapping) for r in self.conn.execute(select(
            appointments).where(appointments.c.case_id == case_id).order_by(appointments.c.id))]

    def customer_contact(self, customer_id: int) -> CustomerContact:
        row = self.conn.execute(select(
            customers.c.name, customers.c.phone_enc, customers.c.preferred_contact_times,
            customers.c.quiet_hours_consent, branches.c.name.label("branch_name"),
            branches.c.address.label("branch_address"))
            .join(branches, branches.c.id == customers.c.branch_id)
            .where(customers.c.id == customer_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Customer")), id=customer_id)
        return CustomerContact(**row._mapping)

    def phone_of(self, customer_id: int) -> str:
        return self.cipher.open(self.customer_contact(customer_id).phone_enc) or ""

    def enqueue(self, channel: str, kind: str, recipient: str, subject: str, body: str,
                case_id: int | None, key: str, at: datetime) -> None:
        exists = self.conn.execute(select(outbox.c.id).where(
            outbox.c.idempotency_key == key)).first()
        if exists is None:
            self.conn.execute(insert(outbox).values(
                channel=channel, kind=kind, recipient_enc=self.cipher.seal(recipient),
                subject=subject, body=body, case_id=case_id, idempotency_key=key,
                created_at=at, not_before=at, attempts=0))

    def pending_messages(self, now: datetime, max_attempts: int, limit: int) -> list[OutboxMessage]:
        rows = self.conn.execute(select(outbox).where(
            outbox.c.sent_at.is_(None), outbox.c.not_before <= now.replace(tzinfo=None),
            outbox.c.attempts < max_attempts).order_by(outbox.c.id).limit(limit))
        return [OutboxMessage(r.id, r.channel, r.kind, self.cipher.open(r.recipient_enc) or "",
                              r.subject, r.body, r.idempotency_key, r.attempts) for r in rows]

    def claim_message(self, message_id: int, attempts: int) -> bool:
        result = self.conn.execute(update(outbox).where(
            outbox.c.id == message_id, outbox.c.attempts == attempts,
            outbox.c.sent_at.is_(None)).values(attempts=attempts + 1))
        return result.rowcount == 1

    def message_sent(self, message_id: int, at: datetime,
                     provider_message_id: str | None = None) -> None:
        self.conn.execute(update(outbox).where(outbox.c.id == message_id).values(
            sent_at=naive_utc(at), last_error=None, provider_message_id=provider_message_id,
            delivery_status="accepted" if provider_message_id else None))

    def hold_message(self, message_id: int, attempts: int, until: datetime) -> None:
        """Keep an unsent message back until ``until`` without counting an attempt."""
        self.conn.execute(update(outbox).where(
            outbox.c.id == message_id, outbox.c.attempts == attempts,
            outbox.c.sent_at.is_(None)).values(not_before=naive_utc(until)))

    def message_by_provider_id(self, provider_message_id: str) -> StoredMessage | None:
        """The outbox row a gateway's message id belongs to, or None."""
        if not provider_message_id:
            return None
        row = self.conn.execute(select(outbox).where(
            outbox.c.provider_message_id == provider_message_id)).first()
        return None if row is None else StoredMessage(**row._mapping)

    def record_receipt(self, provider_message_id: str, status: str, delivered_at: datetime,
                       detail: str, now: datetime) -> int | None:
        row = self.conn.execute(select(outbox.c.id).where(
            outbox.c.provider_message_id == provider_message_id)).first()
        if row is None or not provider_message_id:
            return None
        self.conn.execute(update(outbox).where(outbox.c.id == row.id).values(
            delivery_status=status, delivered_at=naive_utc(delivered_at),
            receipt_at=naive_utc(now), receipt_detail=detail or None))
        return int(row.id)

    def message_failed(self, message_id: int, error: str, retry_at: datetime) -> None:
        self.conn.execute(update(outbox).where(outbox.c.id == message_id).values(
            last_error=error, not_before=retry_at.replace(tzinfo=None)))

    def messages(self, case_id: int | None = None) -> list[StoredMessage]:
        q = select(outbox).order_by(outbox.c.id)
        if case_id is not None:
            q = q.where(outbox.c.case_id == case_id)
        return [StoredMessage(**r._mapping) for r in self.conn.execute(q)]

    def staff_phone(self, staff_id: int) -> str:
        """A field worker's phone number (decrypted), for messages about their route."""
        from doorstep.store.tables import staff

        sealed = self.conn.execute(select(staff.c.phone_enc).where(
            staff.c.id == staff_id)).scalar()
        return (self.cipher.open(sealed) if sealed else None) or ""
