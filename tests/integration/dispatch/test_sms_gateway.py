"""SMS really go out: through the HTTP gateway with a valid signature, marked sent only
once accepted, retried with back-off, held in the quiet hours, and their receipts stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.jobs.delivery import deliver_now, sms_gateway
from doorstep.visits.appointments.outbox import deliver_pending
from doorstep.visits.appointments.sms_signing import sign_headers
from tests.integration.dispatch.test_dispatch_flow import _offer, bank
from tests.sms_gateway import KEY_ID, SECRET, Gateway, running_gateway

__all__ = ["bank"]


@pytest.fixture
def gateway(container: Container) -> Iterator[Gateway]:
    with running_gateway(container.clock.now) as gw:
        yield gw


def _with_gateway(c: Container, gw: Gateway, secret: str = SECRET) -> Container:
    settings = c.settings.model_copy(update={
        "sms_gateway_url": gw.url, "sms_access_key_id": KEY_ID, "sms_access_key_secret": secret,
        "sms_sign_name": "深圳示范银行", "sms_template_id": "SMS_123456"})
    return replace(c, settings=settings)


def _sms(c: Container) -> dict[str, object]:
    with c.engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM outbox WHERE channel = 'sms'")).one()
    return dict(row._mapping)


def test_an_sms_reaches_the_gateway_signed_and_its_receipt_is_stored(
        container: Container, bank: dict[str, int], gateway: Gateway) -> None:
    """The gateway verifies the signature and accepts the SMS with our sign name and
    template; the message is marked sent with the gateway's id; the receipt is stored and
    becomes one contact with proof of receipt in the contact log."""
    _offer(container, bank)
    report = deliver_now(_with_gateway(container, gateway))
    assert (report.sent, report.failed, report.receipts) == (1, 0, 1)
    assert gateway.bad_signatures == 0 and len(gateway.accepted) == 1
    sent = gateway.accepted[0]
    assert (sent["SignName"], sent["TemplateCode"]) == ("深圳示范银行", "SMS_123456")
    row = _sms(container)
    assert row["sent_at"] is not None and row["provider_message_id"] == "biz-1"
    assert row["delivery_status"] == "delivered" and row["delivered_at"] is not None
    again = deliver_now(_with_gateway(container, gateway))
    assert again.sent == 0 and len(gateway.accepted) == 1
    assert _receipt_contacts(container, row["case_id"]) == 1  # once, not per receipt read


def _receipt_contacts(c: Container, case_id: object) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT COUNT(*) FROM contacts WHERE case_id = :c AND channel = 'sms' "
            "AND proof = 'delivery_receipt' AND outcome = 'delivered'"), {"c": case_id}).scalar())


def test_a_refused_sms_is_not_marked_sent_and_is_retried_with_back_off(
        container: Container, bank: dict[str, int], gateway: Gateway) -> None:
    """A wrong secret or a busy gateway leaves the SMS unsent; it is tried again only after
    the back-off, and then goes out once."""
    _offer(container, bank)
    wrong = deliver_now(_with_gateway(container, gateway, secret="not-the-secret"))
    assert (wrong.sent, wrong.failed, gateway.bad_signatures) == (0, 1, 2)  # send, receipts
    row = _sms(container)
    assert row["sent_at"] is None and row["attempts"] == 1 and "403" in str(row["last_error"])
    assert deliver_now(_with_gateway(container, gateway)).sent == 0  # back-off: not yet
    gateway.busy = 1
    container.clock.advance(timedelta(minutes=1))  # type: ignore[attr-defined]
    busy = deliver_now(_with_gateway(container, gateway))
    assert busy.failed == 1 and "BUSINESS_LIMIT_CONTROL" in str(_sms(container)["last_error"])
    container.clock.advance(timedelta(minutes=2))  # type: ignore[attr-defined]
    assert deliver_now(_with_gateway(container, gateway)).sent == 1
    assert len(gateway.accepted) == 1 and _sms(container)["attempts"] == 3


def test_no_sms_goes_out_in_the_quiet_hours_it_waits_for_eight_oclock(
        container: Container, bank: dict[str, int], gateway: Gateway) -> None:
    """At 23:00 Beijing time the SMS is held (no attempt counted) and goes after 08:00."""
    _offer(container, bank)
    container.clock.at = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    night = deliver_now(_with_gateway(container, gateway))
    assert (night.sent, night.held, len(gateway.accepted)) == (0, 1, 0)
    row = _sms(container)
    assert row["attempts"] == 0 and str(row["not_before"]).startswith("2026-11-03 00:00:00")
    container.clock.at = datetime(2026, 11, 2, 23, 59, tzinfo=UTC)  # type: ignore[attr-defined]
    early = deliver_now(_with_gateway(container, gateway))  # 07:59: not due yet
    assert (early.sent, len(gateway.accepted)) == (0, 0)
    container.clock.at = datetime(2026, 11, 3, 0, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    assert deliver_now(_with_gateway(container, gateway)).sent == 1


def test_a_pushed_receipt_is_stored_only_when_signed_with_our_secret(
        container: Container, bank: dict[str, int], gateway: Gateway) -> None:
    """The gateway's signed callback stores the receipt; a forged one is refused with 401
    and changes nothing."""
    c = _with_gateway(container, gateway)
    _offer(c, bank)
    deliver_pending(c.uow, sms_gateway(c), None, c.clock.now())
    receipt = json.dumps({"Receipts": [{"BizId": "biz-1", "Status": "DELIVERED",
                                        "ReportTime": "2026-11-02T02:00:05+00:00"}]}).encode()
    path = "/api/v1/outbox/receipts"
    with TestClient(create_app(c)) as client:
        forged = sign_headers(KEY_ID, "guessed", "POST", path, receipt, c.clock.now(), "n1")
        refused = client.post(path, content=receipt, headers=forged)
        assert refused.status_code == 401 and "签名无效" in refused.json()["error"]["message"]
        assert _sms(c)["delivery_status"] == "accepted"
        signed = sign_headers(KEY_ID, SECRET, "POST", path, receipt, c.clock.now(), "n2")
        ok = client.post(path, content=receipt, headers=signed)
    assert ok.status_code == 200 and ok.json()["stored"] == 1
    assert _sms(c)["delivery_status"] == "delivered"
