"""One error hierarchy with stable codes; mapped to HTTP once at the edge.

Each error carries a stable ``code`` (the kind of error, e.g. ``validation_failed``), an HTTP
status, a ``detail`` and the parameters it is formatted with. The detail is an English gettext
msgid marked with ``N_()`` (``raise ValidationFailed(N_("A team needs two different staff"))``);
it is translated at the edge, in the user's language, by :meth:`DoorstepError.message_in`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from doorstep.core.i18n import Msg, translate, translate_in


class DoorstepError(Exception):
    """Base of every error a user can see."""

    code: ClassVar[str] = "error"
    http_status: ClassVar[int] = 400

    def __init__(self, detail: str = "", **params: Any) -> None:
        self.detail = detail
        self.params = params
        super().__init__(f"{self.code}: {detail or params}")

    def detail_in(self, lang: str) -> str:
        """The detail alone, translated into ``lang``."""
        return translate_in(lang, self.detail, **self.params) if self.detail else ""

    def message_in(self, lang: str) -> str:
        """The whole message for a user of ``lang``: the code's frame around the detail."""
        shown = {k: (v.in_language(lang) if isinstance(v, Msg) else v)
                 for k, v in self.params.items() if k != "detail"}
        return translate(self.code, lang, detail=self.detail_in(lang), **shown)


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
