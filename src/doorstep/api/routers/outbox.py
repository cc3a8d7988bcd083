"""Delivery receipts pushed by the SMS gateway (signed with the shared access key secret)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from doorstep.container import Container
from doorstep.core.errors import AuthenticationFailed
from doorstep.core.i18n import N_, codes
from doorstep.http.deps import ContainerDep, public
from doorstep.visits.appointments.outbox import on_delivery_receipt
from doorstep.visits.appointments.sms_http import receipt_of
from doorstep.visits.appointments.sms_signing import verify

router = APIRouter(prefix="/api/v1/outbox", tags=["outbox"])
codes({
    "sms.bad_signature": N_("The SMS receipt's signature is invalid"),
})


class BadReceiptSignature(AuthenticationFailed):
    code = "sms.bad_signature"


@router.post("/receipts", dependencies=[public()])
async def receipts(request: Request, container: ContainerDep) -> dict[str, Any]:
    """The gateway's delivery receipts; refused (401) unless signed with our key."""
    s, body = container.settings, await request.body()
    if not s.sms_access_key_secret or not verify(
            dict(request.headers), s.sms_access_key_id, s.sms_access_key_secret, "POST",
            request.url.path, body, container.clock.now()):
        raise BadReceiptSignature()
    items = (await request.json()).get("Receipts", [])
    return {"Code": "OK", "stored": await run_in_threadpool(_store, container, items)}


def _store(container: Container, items: list[dict[str, Any]]) -> int:
    stored = 0
    for item in items:
        r = receipt_of(item)
        with container.uow() as uow:
            stored += on_delivery_receipt(uow, r.provider_message_id, r.status, r.at,
                                          r.detail) is not None
            uow.commit()
    return stored
