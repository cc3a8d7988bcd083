"""Messages to customers through the outbox: SMS behind a gateway interface, e-mail over
SMTP, delivered by an idempotent, retried job (each message at most once marked sent)."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from typing import Any, Protocol

from doorstep.cases.compliance import Policy
from doorstep.core.clock import BANK_TZ, local
from doorstep.core.uow import UnitOfWork

log = logging.getLogger("doorstep.outbox")
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class OutboxMessage:
    """A message waiting in the outbox (recipient already decrypted)."""

    id: int
    channel: str
    kind: str
    recipient: str
    subject: str
    body: str
    idempotency_key: str
    attempts: int = 0


class SmsGateway(Protocol):
    def send_sms(self, to: str, body: str, key: str) -> str | None:
        """Send one SMS; the gateway's message id once it accepted it; raise otherwise.
        ``key`` lets the gateway drop duplicates."""
        ...


class EmailSender(Protocol):
    def send_email(self, to: str, subject: str, body: str, key: str) -> None:
        """Send one e-mail; raise on failure."""
        ...


@dataclass
class RecordingSmsGateway:
    """The default SMS gateway: records each send (by key, once) and logs it, masked."""

    sent: dict[str, tuple[str, str]] = field(default_factory=dict)

    def send_sms(self, to: str, body: str, key: str) -> str | None:
        self.sent.setdefault(key, (to, body))
        log.info("sms recorded key=%s to=%s****", key, to[:3])
        return None


@dataclass(frozen=True)
class SmtpEmailSender:
    """E-mail over SMTP with ``smtplib``; the Message-ID carries the idempotency key."""

    host: str
    port: int
    sender: str
    timeout: float = 10.0

    def send_email(self, to: str, subject: str, body: str, key: str) -> None:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, to, subject
        msg["Message-ID"] = f"<{key}@doorstep>"
        msg.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(msg)


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    #: SMS held back by the quiet hours, to go when they end.
    held: int = 0
    #: Delivery receipts stored in this round.
    receipts: int = 0


def _send(msg: OutboxMessage, sms: SmsGateway, email: EmailSender | None) -> str | None:
    if msg.channel == "sms":
        return sms.send_sms(msg.recipient, msg.body, msg.idempotency_key)
    if msg.channel == "email" and email is not None:
        email.send_email(msg.recipient, msg.subject, msg.body, msg.idempotency_key)
        return None
    raise RuntimeError(f"no sender configured for channel {msg.channel}")


def quiet_until(at: datetime, policy: Policy) -> datetime | None:
    """When the quiet hours around ``at`` end (bank's local time), or None outside them."""
    t = local(at).time()
    start, end = policy.quiet_start, policy.quiet_end
    inside = (start <= t or t < end) if start > end else (start <= t < end)
    if not inside:
        return None
    day = local(at).date() + timedelta(days=1 if start > end and t >= start else 0)
    return datetime.combine(day, time(end.hour, end.minute), BANK_TZ)


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4, 8 … minutes."""
    return timedelta(minutes=2 ** max(0, attempts - 1))


def deliver_pending(uow_factory: Callable[[], UnitOfWork], sms: SmsGateway,
                    email: EmailSender | None, now: datetime, limit: int = 200,
                    max_attempts: int = MAX_ATTEMPTS, policy: Policy | None = None,
                    ) -> DeliveryReport:
    """Send what is due, each message claimed in its own transaction; a failure is retried
    later with back-off, and a sent message is never sent again by this job. Marked sent
    only when the gateway accepted it (its message id is kept for the receipt). With a
    policy, an SMS due in the quiet hours is held, untried, until they end."""
    with uow_factory() as uow:  # type: ignore[attr-defined]
        due = uow.appointments.pending_messages(now, max_attempts, limit)
    sent = failed = gave_up = held = 0
    until = quiet_until(now, policy) if policy is not None else None
    for msg in due:
        with uow_factory() as uow:  # type: ignore[attr-defined]
            if msg.channel == "sms" and until is not None:
                uow.appointments.hold_message(msg.id, msg.attempts, until)
                uow.commit()
                held += 1
                continue
            if not uow.appointments.claim_message(msg.id, msg.attempts):
                continue  # another worker took it
            try:
                provider_id = _send(msg, sms, email)
            except Exception as exc:  # noqa: BLE001 - any transport error is retried
                uow.appointments.message_failed(msg.id, str(exc)[:500], now + backoff(
                    msg.attempts + 1))
                failed += 1
                gave_up += msg.attempts + 1 >= max_attempts
            else:
                uow.appointments.message_sent(msg.id, now, provider_id)
                sent += 1
            uow.commit()
    return DeliveryReport(sent, failed, gave_up, held)


def on_delivery_receipt(uow: UnitOfWork, provider_message_id: str, status: str,
                        at: datetime | None, detail: str = "") -> int | None:
    """Store a gateway's delivery receipt on its outbox message (one transaction,
    committed); the message id, or None for a receipt of no message of ours.

    ``status`` is ``DELIVERED`` or ``FAILED``. A repeated receipt changes nothing new. This
    is where the contact log will be told (one contact per delivered message).
    """
    state = "delivered" if status.upper() == "DELIVERED" else "failed"
    before = uow.appointments.message_by_provider_id(provider_message_id)
    message_id = uow.appointments.record_receipt(provider_message_id, state, at or
                                                 uow.clock.now(), detail[:200],
                                                 uow.clock.now())
    if (message_id is not None and before is not None and state == "delivered"
            and before.delivery_status != "delivered" and before.case_id is not None
            and before.kind not in STAFF_KINDS):
        _log_contact(uow, before, at or uow.clock.now(), message_id)
    return message_id


#: Messages to the bank's own staff, which are not contacts with the customer.
STAFF_KINDS = frozenset({"route.changed", "timer.sla_due", "timer.complaint",
                         "timer.mediation", "timer.certificate"})


def _log_contact(uow: UnitOfWork, message: Any, at: datetime, message_id: int) -> None:
    """A delivered message to the customer is a contact with proof of receipt
    (an effective contact)."""
    from doorstep.contacts.model import Channel, NewContact, Outcome, Party, Proof
    from doorstep.contacts.service import record_contact
    from doorstep.core.access import SYSTEM

    channel = Channel.EMAIL if message.channel == "email" else Channel.SMS
    record_contact(uow, SYSTEM, NewContact(
        int(message.case_id), channel, Party.DEBTOR, Outcome.DELIVERED, at,
        proof=Proof.DELIVERY_RECEIPT, note=f"outbox:{message_id}:{message.kind}"),
        Policy(), checked=False)
