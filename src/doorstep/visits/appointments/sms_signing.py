"""The HMAC-SHA256 request signature of the cloud SMS gateways (pure).

Shaped like the large Chinese cloud SMS services: every request carries the access key id,
a timestamp and a nonce, and a signature over the method, path, timestamp, nonce and the
SHA-256 of the body, keyed with the access key secret. The gateway's delivery receipts
(callbacks) are signed the same way with the same secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

#: A signed request older or newer than this is refused (replay window).
MAX_SKEW_SECONDS = 300
AUTH_SCHEME = "HMAC-SHA256"


def string_to_sign(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    return "\n".join((method.upper(), path, timestamp, nonce, hashlib.sha256(body).hexdigest()))


def signature(secret: str, method: str, path: str, timestamp: str, nonce: str,
              body: bytes) -> str:
    """Base64 of HMAC-SHA256(secret, string to sign)."""
    digest = hmac.new(secret.encode(), string_to_sign(method, path, timestamp, nonce, body)
                      .encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def sign_headers(key_id: str, secret: str, method: str, path: str, body: bytes,
                 at: datetime, nonce: str) -> dict[str, str]:
    """The headers of a signed request sent at ``at``."""
    timestamp = str(int(at.timestamp()))
    sig = signature(secret, method, path, timestamp, nonce, body)
    return {"Authorization": f"{AUTH_SCHEME} AccessKeyId={key_id}, Signature={sig}",
            "X-Sms-Timestamp": timestamp, "X-Sms-Nonce": nonce,
            "Content-Type": "application/json; charset=utf-8"}


def parse_authorization(value: str) -> dict[str, str]:
    """``HMAC-SHA256 AccessKeyId=…, Signature=…`` → its fields (empty if malformed)."""
    scheme, _, rest = value.partition(" ")
    if scheme != AUTH_SCHEME:
        return {}
    fields = (part.strip().partition("=") for part in rest.split(","))
    return {k: v for k, _, v in fields if k}


def verify(headers: dict[str, str], key_id: str, secret: str, method: str, path: str,
           body: bytes, now: datetime) -> bool:
    """Whether a request was signed with our key and secret within the replay window."""
    lower = {k.lower(): v for k, v in headers.items()}
    auth = parse_authorization(lower.get("authorization", ""))
    timestamp, nonce = lower.get("x-sms-timestamp", ""), lower.get("x-sms-nonce", "")
    if not auth or auth.get("AccessKeyId") != key_id or not timestamp.isdigit() or not nonce:
        return False
    if abs(now.timestamp() - int(timestamp)) > MAX_SKEW_SECONDS:
        return False
    expected = signature(secret, method, path, timestamp, nonce, body)
    return hmac.compare_digest(expected, auth.get("Signature", ""))
