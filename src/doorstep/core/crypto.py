"""Field encryption of personal data at rest (AES-256-GCM) with a key ring for rotation.

A ciphertext is ``v1.<key id>.<base64url(nonce || ciphertext+tag)>``. New values are
always sealed with the *active* key; any key still in the ring can open old values, so a
rotation is: add a new key, make it active, run ``doorstep keys rotate`` to re-seal
every row, then drop the old key. A blind index (HMAC-SHA256) lets the bank find a
customer by phone or national id without decrypting every row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from doorstep.core.errors import ConfigurationError

_PREFIX = "v1"


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_key() -> str:
    """A fresh 256-bit key, base64url-encoded, for a settings file or key file."""
    return _b64e(AESGCM.generate_key(bit_length=256))


@dataclass(frozen=True)
class KeyRing:
    """Keys by id; ``active`` seals, every key opens."""

    keys: dict[str, bytes]
    active: str

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise ConfigurationError("active key id is not in the key ring", key_id=self.active)
        for kid, key in self.keys.items():
            if len(key) != 32:
                raise ConfigurationError("field keys must be 32 bytes", key_id=kid)
            if "." in kid:
                raise ConfigurationError("key ids may not contain '.'", key_id=kid)

    @classmethod
    def parse(cls, spec: str) -> KeyRing:
        """Parse ``kid1:base64key,kid2:base64key``; the first key is the active one."""
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for part in filter(None, (p.strip() for p in spec.split(","))):
            kid, sep, material = part.partition(":")
            if not sep:
                raise ConfigurationError("key spec must be 'id:base64key'", part=kid)
            keys[kid] = _b64d(material)
            order.append(kid)
        if not order:
            raise ConfigurationError("no field encryption key configured")
        return cls(keys=keys, active=order[0])


class FieldCipher:
    """Seal and open personal-data fields."""

    def __init__(self, ring: KeyRing) -> None:
        self._ring = ring
        self._aead = {kid: AESGCM(key) for kid, key in ring.keys.items()}
        self._index_key = hashlib.sha256(b"doorstep-blind-index" + ring.keys[ring.active]).digest()

    @property
    def active_key_id(self) -> str:
        return self._ring.active

    def seal(self, plaintext: str | None) -> str | None:
        if plaintext is None:
            return None
        nonce = os.urandom(12)
        ct = self._aead[self._ring.active].encrypt(nonce, plaintext.encode("utf-8"), None)
        return f"{_PREFIX}.{self._ring.active}.{_b64e(nonce + ct)}"

    def open(self, token: str | None) -> str | None:
        if token is None:
            return None
        prefix, kid, body = token.split(".", 2)
        if prefix != _PREFIX or kid not in self._aead:
            raise ConfigurationError("cannot open field: unknown key", key_id=kid)
        raw = _b64d(body)
        return self._aead[kid].decrypt(raw[:12], raw[12:], None).decode("utf-8")

    def key_id_of(self, token: str) -> str:
        return token.split(".", 2)[1]

    def reseal(self, token: str | None) -> str | None:
        """Re-encrypt with the active key (key rotation); ``None`` stays ``None``."""
        if token is None or self.key_id_of(token) == self._ring.active:
            return token
        return self.seal(self.open(token))

    def blind_index(self, plaintext: str | None) -> str | None:
        """A keyed hash for exact-match lookups without decryption."""
        if plaintext is None:
            return None
        digest = hmac.new(self._index_key, plaintext.strip().encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:32]
