"""Messages to customers through the outbox: SMS behind a gateway interface, e-mail over
SMTP, delivered by an idempotent, retried job (each message at most once marked sent)."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

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
    def send_sms(self, to: str, body: str, key: str) -> None:
        """Send one SMS; raise on failure. ``key`` lets the gateway drop duplicates."""
        ...


class EmailSender(Protocol):
    def send_email(self, to: str, subject: str, body: str, key: str) -> None:
        """Send one e-mail; raise on failure."""
        ...


@dataclass
class RecordingSmsGateway:
    """The default SMS gateway: records each send (by key, once) and logs it, masked."""

    sent: dict[str, tuple[str, str]] = field(default_factory=dict)

    def send_sms(self, to: str, body: str, key: str) -> None:
        self.sent.setdefault(key, (to, body))
        log.info("sms recorded key=%s to=%s****", key, to[:3])


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


def _send(msg: OutboxMessage, sms: SmsGateway, email: EmailSender | None) -> None:
    if msg.channel == "sms":
        sms.send_sms(msg.recipient, msg.body, msg.idempotency_key)
    elif msg.channel == "email" and email is not None:
        email.send_email(msg.recipient, msg.subject, msg.body, msg.idempotency_key)
    else:
        raise RuntimeError(f"no sender configured for channel {msg.channel}")


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4, 8 … minutes."""
    return timedelta(minutes=2 ** max(0, attempts - 1))


def deliver_pending(uow_factory: Callable[[], UnitOfWork], sms: SmsGateway,
                    email: EmailSender | None, now: datetime, limit: int = 200,
                    max_attempts: int = MAX_ATTEMPTS) -> DeliveryReport:
    """Send what is due, each message claimed in its own transaction; a failure is retried
    later with back-off, and a sent message is never sent again by this job."""
    with uow_factory() as uow:  # type: ignore[attr-defined]
        due = uow.appointments.pending_messages(now, max_attempts, limit)
    sent = failed = gave_up = 0
    for msg in due:
        with uow_factory() as uow:  # type: ignore[attr-defined]
            if not uow.appointments.claim_message(msg.id, msg.attempts):
                continue  # another worker took it
            try:
                _send(msg, sms, email)
            except Exception as exc:  # noqa: BLE001 - any transport error is retried
                uow.appointments.message_failed(msg.id, str(exc)[:500], now + backoff(
                    msg.attempts + 1))
                failed += 1
                gave_up += msg.attempts + 1 >= max_attempts
            else:
                uow.appointments.message_sent(msg.id, now)
                sent += 1
            uow.commit()
    return DeliveryReport(sent, failed, gave_up)
