"""Signed, expiring, single-use customer links: only the token's hash is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "doorstep.appointment-link"


@dataclass(frozen=True)
class LinkPayload:
    """What a link carries: the appointment and the alternative slots offered (ISO, local)."""

    appointment_id: int
    alternatives: tuple[tuple[str, str], ...] = ()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign(secret: str, payload: LinkPayload) -> str:
    """A URL-safe token; a random nonce makes every link distinct."""
    data: dict[str, Any] = {"a": payload.appointment_id,
                            "s": [list(s) for s in payload.alternatives],
                            "n": secrets.token_urlsafe(12)}
    return URLSafeSerializer(secret, salt=SALT).dumps(data)


def read(secret: str, token: str) -> LinkPayload | None:
    """The payload of a genuine token; None for a forged or damaged one."""
    try:
        data = URLSafeSerializer(secret, salt=SALT).loads(token)
    except BadSignature:
        return None
    return LinkPayload(int(data["a"]), tuple((str(a), str(b)) for a, b in data["s"]))


def parse_slot(pair: tuple[str, str]) -> tuple[datetime, datetime]:
    return datetime.fromisoformat(pair[0]), datetime.fromisoformat(pair[1])
