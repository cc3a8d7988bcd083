"""One error hierarchy with stable codes; mapped to HTTP once in ``api/errors.py``.

Each error carries a stable ``code`` (used to look up the zh-CN / en message in
``core.i18n``), an HTTP status, and the parameters the message is formatted with.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DoorstepError(Exception):
    """Base of every error a user can see."""

    code: ClassVar[str] = "error"
    http_status: ClassVar[int] = 400

    def __init__(self, detail: str = "", **params: Any) -> None:
        self.detail = detail
        self.params = params
        super().__init__(f"{self.code}: {detail or params}")


class NotFound(DoorstepError):
    code = "not_found"
    http_status = 404


class ValidationFailed(DoorstepError):
    code = "validation_failed"
    http_status = 422


class IllegalTransition(DoorstepError):
    code = "case.illegal_transition"
    http_status = 409


class GuardFailed(DoorstepError):
    code = "case.guard_failed"
    http_status = 409


class StaleVersion(DoorstepError):
    code = "stale_version"
    http_status = 409


class ComplianceViolation(DoorstepError):
    code = "compliance.violation"
    http_status = 422


class AuthenticationFailed(DoorstepError):
    code = "auth.failed"
    http_status = 401


class AccountLocked(DoorstepError):
    code = "auth.locked"
    http_status = 423


class PermissionDenied(DoorstepError):
    code = "auth.forbidden"
    http_status = 403


class CsrfFailed(DoorstepError):
    code = "auth.csrf"
    http_status = 403


class Conflict(DoorstepError):
    code = "conflict"
    http_status = 409


class ConfigurationError(DoorstepError):
    code = "config.invalid"
    http_status = 500


class NotAuthenticated(DoorstepError):
    code = "auth.required"
    http_status = 401


class PayloadTooLarge(DoorstepError):
    code = "http.413"
    http_status = 413
