"""Outbox delivery as the job and the CLI run it: the configured SMS gateway and SMTP,
the quiet hours of the compliance policy, then the gateway's delivery receipts."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from doorstep.visits.appointments.outbox import (
    DeliveryReport,
    RecordingSmsGateway,
    SmsGateway,
    SmtpEmailSender,
    deliver_pending,
    on_delivery_receipt,
)
from doorstep.visits.appointments.sms_http import HttpSmsGateway

if TYPE_CHECKING:
    from doorstep.container import Container

log = logging.getLogger("doorstep.outbox")


def sms_gateway(c: Container) -> SmsGateway:
    """The HTTP gateway when ``DOORSTEP_SMS_GATEWAY_URL`` is set, else the log-only one."""
    s = c.settings
    if not s.sms_gateway_url:
        return RecordingSmsGateway()
    return HttpSmsGateway(s.sms_gateway_url, s.sms_access_key_id, s.sms_access_key_secret,
                          s.sms_sign_name, s.sms_template_id, c.clock, s.sms_timeout_seconds)


def fetch_receipts(c: Container, gateway: SmsGateway) -> int:
    """Store the receipts the gateway holds for us; how many matched a message."""
    if not isinstance(gateway, HttpSmsGateway):
        return 0
    try:
        receipts = gateway.fetch_receipts()
    except Exception:  # noqa: BLE001 - the next round fetches them
        log.warning("sms receipts could not be fetched", exc_info=True)
        return 0
    stored = 0
    for receipt in receipts:
        with c.uow() as uow:
            stored += on_delivery_receipt(uow, receipt.provider_message_id, receipt.status,
                                          receipt.at, receipt.detail) is not None
            uow.commit()
    return stored


def deliver_now(c: Container) -> DeliveryReport:
    """One delivery round: due messages out (SMS held in quiet hours), receipts in."""
    s = c.settings
    email = SmtpEmailSender(s.smtp_host, s.smtp_port, s.smtp_sender) if s.smtp_host else None
    gateway = sms_gateway(c)
    report = deliver_pending(c.uow, gateway, email, c.clock.now(), policy=c.policy)
    return replace(report, receipts=fetch_receipts(c, gateway))
