"""Password hashing with argon2id."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_

MIN_LENGTH = 10


@lru_cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def check_strength(password: str) -> None:
    """Refuse short or single-class passwords with a message the user can act on."""
    if len(password) < MIN_LENGTH:
        raise ValidationFailed(N_("The password needs at least %(min)s characters"),
                               min=MIN_LENGTH)
    classes = sum(
        [any(c.isdigit() for c in password), any(c.isalpha() for c in password),
         any(not c.isalnum() for c in password)]
    )
    if classes < 2:
        raise ValidationFailed(N_(
            "The password needs at least two of: letters, digits, symbols"))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
