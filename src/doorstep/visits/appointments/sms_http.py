"""SMS through a cloud gateway's HTTP API (URL, access key, HMAC signature, sign name,
template id), and its delivery receipts fetched by polling.

``POST {url}/sms/send`` with ``{"PhoneNumbers", "SignName", "TemplateCode",
"TemplateParam", "OutId"}`` answers ``{"Code": "OK", "BizId": …}`` when the gateway accepted
the message; any other code, an HTTP error or a timeout raises, and the outbox retries.
``POST {url}/sms/receipts`` answers the receipts not yet fetched:
``{"Receipts": [{"BizId", "OutId", "Status": "DELIVERED" | "FAILED", "ErrCode",
"ReportTime"}]}``. The gateway may also push the same receipts to
``/api/v1/outbox/receipts``, signed with the same secret.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from doorstep.core.clock import Clock
from doorstep.visits.appointments.sms_signing import sign_headers


class SmsRejected(RuntimeError):
    """The gateway answered but did not accept the message (its code is the message)."""


@dataclass(frozen=True)
class Receipt:
    """A delivery receipt: the gateway's message id, delivered or not, when, and why not."""

    provider_message_id: str
    status: str
    at: datetime | None
    detail: str = ""


@dataclass(frozen=True)
class HttpSmsGateway:
    url: str
    access_key_id: str
    access_key_secret: str
    sign_name: str
    template_id: str
    clock: Clock
    timeout: float = 10.0

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(payload, ensure_ascii=False).encode()
        full = self.url.rstrip("/") + path
        headers = sign_headers(self.access_key_id, self.access_key_secret, "POST",
                               urlsplit(full).path, body, self.clock.now(),
                               secrets.token_hex(8))
        request = urllib.request.Request(full, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer: dict[str, Any] = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            answer = json.loads(error.read() or b"{}") if error.fp else {}
            raise SmsRejected(f"HTTP {error.code} {answer.get('Code', '')}".strip()) from None
        return answer

    def send_sms(self, to: str, body: str, key: str) -> str:
        """Send one SMS; the gateway's message id once it accepted it."""
        answer = self._post("/sms/send", {
            "PhoneNumbers": to, "SignName": self.sign_name, "TemplateCode": self.template_id,
            "TemplateParam": json.dumps({"content": body}, ensure_ascii=False), "OutId": key})
        if answer.get("Code") != "OK" or not answer.get("BizId"):
            raise SmsRejected(f"{answer.get('Code', 'no code')}: {answer.get('Message', '')}")
        return str(answer["BizId"])

    def fetch_receipts(self) -> list[Receipt]:
        """The delivery receipts the gateway has not handed out yet."""
        answer = self._post("/sms/receipts", {})
        return [receipt_of(r) for r in answer.get("Receipts", [])]


def receipt_of(item: dict[str, Any]) -> Receipt:
    """One receipt in the gateway's shape."""
    at = item.get("ReportTime")
    return Receipt(str(item.get("BizId", "")), str(item.get("Status", "")).upper(),
                   datetime.fromisoformat(at) if at else None, str(item.get("ErrCode", "")))
