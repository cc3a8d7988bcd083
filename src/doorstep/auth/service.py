"""Use cases of logging in and out, API tokens and creating users."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from doorstep.auth.model import UserRecord
from doorstep.core.access import Principal, Role
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import naive_utc
from doorstep.core.errors import AccountLocked, AuthenticationFailed, ValidationFailed
from doorstep.core.i18n import N_
from doorstep.core.passwords import check_strength, hash_password, verify_password
from doorstep.core.uow import UnitOfWork

# Verifying against a real hash even for unknown users keeps response times alike.
_DUMMY_HASH = hash_password("not-a-real-password-0")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def principal_of(row: UserRecord) -> Principal:
    return Principal(user_id=row.id, username=row.username, role=Role(row.role),
                     branch_id=row.branch_id, staff_id=row.staff_id, language=row.language,
                     display_name=row.display_name, branch_name=row.branch_name)


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)
    session_length: timedelta = timedelta(hours=12)


@dataclass(frozen=True)
class WebSession:
    token: str
    csrf_token: str
    principal: Principal


def authenticate(uow: UnitOfWork, username: str, password: str,
                 policy: LoginPolicy) -> Principal:
    """Check a password; count failures and lock the account after too many.

    A wrong password records the failure in ``uow`` and then raises: the caller commits
    even then, so that the failure counts although the login fails."""
    now = naive_utc(uow.clock.now())
    row = uow.users.by_username(username)
    if row is None or not row.active:
        verify_password(_DUMMY_HASH, password)
        raise AuthenticationFailed()
    if row.locked_until is not None and row.locked_until > now:
        raise AccountLocked(until=row.locked_until.strftime("%H:%M"))
    if not verify_password(row.password_hash, password):
        failures = row.failed_logins + 1
        locked = now + policy.lockout if failures >= policy.max_failures else None
        uow.users.record_failure(row.id, 0 if locked else failures, locked)
        uow.audit(AuditEntry(f"user:{username}", "auth.login_failed", "user", str(row.id),
                             None, {"failures": failures, "locked": locked is not None},
                             uow.clock.now()))
        if locked is not None:
            raise AccountLocked(until=locked.strftime("%H:%M"))
        raise AuthenticationFailed()
    uow.users.record_success(row.id)
    return principal_of(row)


def login(uow: UnitOfWork, username: str, password: str, policy: LoginPolicy) -> WebSession:
    """A fresh session (new id every login: no session fixation) with its CSRF token."""
    principal = authenticate(uow, username, password, policy)
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = naive_utc(uow.clock.now())
    uow.users.add_session(_digest(token), principal.user_id, csrf, now,
                          now + policy.session_length)
    uow.audit(AuditEntry(principal.actor, "auth.login", "user", str(principal.user_id), None,
                         None, uow.clock.now()))
    return WebSession(token=token, csrf_token=csrf, principal=principal)


def session_principal(uow: UnitOfWork, token: str) -> tuple[Principal, str] | None:
    """The principal and CSRF token of a live session, or ``None``."""
    found = uow.users.session(_digest(token))
    if found is None or found.expires_at <= naive_utc(uow.clock.now()) or not found.user.active:
        return None
    return principal_of(found.user), str(found.csrf_token)


def logout(uow: UnitOfWork, token: str) -> None:
    uow.users.drop_session(_digest(token))


def issue_token(uow: UnitOfWork, principal: Principal, name: str, days: int = 30) -> str:
    """A bearer token for the API; only its hash is stored."""
    token = "ds_" + secrets.token_urlsafe(32)
    now = naive_utc(uow.clock.now())
    uow.users.add_token(principal.user_id, _digest(token), name, now, now + timedelta(days=days))
    uow.audit(AuditEntry(principal.actor, "auth.token_issued", "user", str(principal.user_id),
                         None, {"name": name, "days": days}, uow.clock.now()))
    return token


def bearer_principal(uow: UnitOfWork, token: str) -> Principal | None:
    found = uow.users.token(_digest(token))
    if found is None or found.expires_at <= naive_utc(uow.clock.now()) or not found.user.active:
        return None
    return principal_of(found.user)


@dataclass(frozen=True)
class CreateUser:
    username: str
    display_name: str
    password: str
    role: Role
    branch_code: str | None = None
    staff_id: int | None = None
    language: str = "zh-CN"


def create_user(uow: UnitOfWork, cmd: CreateUser, actor: str) -> int:
    """Create a login; branch-bound roles must name their branch."""
    if not cmd.username.strip() or len(cmd.username) > 64:
        raise ValidationFailed(N_("The user name must not be empty nor longer than 64 characters"))
    check_strength(cmd.password)
    branch_id = uow.users.branch_id_by_code(cmd.branch_code) if cmd.branch_code else None
    if cmd.role in (Role.DISPATCHER, Role.FIELD_STAFF) and branch_id is None:
        raise ValidationFailed(N_("Dispatchers and field staff must name their branch"))
    user_id = uow.users.add(
        username=cmd.username, display_name=cmd.display_name,
        password_hash=hash_password(cmd.password), role=cmd.role.value, branch_id=branch_id,
        staff_id=cmd.staff_id, language=cmd.language, created_at=naive_utc(uow.clock.now()),
    )
    uow.audit(AuditEntry(actor, "user.create", "user", str(user_id), None,
                         {"username": cmd.username, "role": cmd.role.value,
                          "branch_id": branch_id}, uow.clock.now()))
    return user_id
