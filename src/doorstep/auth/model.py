"""A login as the store keeps it, and a live credential (web session or API token)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class UserRecord:
    """One login: who it is, its role and branch, and its password and lockout state."""

    id: int
    username: str
    display_name: str
    password_hash: str
    role: str
    branch_id: int | None
    staff_id: int | None
    language: str
    failed_logins: int
    locked_until: datetime | None
    active: bool
    branch_name: str | None = None


@dataclass(frozen=True)
class Credential:
    """A web session or API token with the login it belongs to (no CSRF token for tokens)."""

    user: UserRecord
    expires_at: datetime
    csrf_token: str | None = None
