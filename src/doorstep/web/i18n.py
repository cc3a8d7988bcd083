"""The web's gettext: ``_()`` and ``{% trans %}`` in templates, labels, and a bridge for the
pages not yet moved off the old ``t("code")`` catalogue (docs/translation.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from doorstep.core.i18n import (
    _,
    catalogue,
    label_in,
    normalise,
    pgettext,
    translate,
    using_language,
)

Translator = Callable[..., str]

#: Codes of the old web catalogue that pages still converting to gettext (issue 14) use, each
#: now a msgid. Goes away with ``translator`` once no template calls ``t()``.
_BRIDGE: dict[str, Callable[..., str]] = {
    "web.casebook.search": lambda **p: _("Search", **p),
    "web.cases.filter": lambda **p: _("Filter", **p),
    "web.cases.next": lambda **p: _("Next", **p),
    "web.cases.page": lambda **p: _("Page %(page)s of %(pages)s", **p),
    "web.cases.prev": lambda **p: _("Previous", **p),
    "web.cases.reset": lambda **p: _("Reset", **p),
    "web.col.amount": lambda **p: pgettext("column", "Amount at stake", **p),
    "web.col.branch": lambda **p: _("Branch", **p),
    "web.col.case_no": lambda **p: _("Case no.", **p),
    "web.col.customer": lambda **p: _("Customer", **p),
    "web.col.line": lambda **p: pgettext("column", "Business line", **p),
    "web.col.overdue_amount": lambda **p: _("Overdue amount", **p),
    "web.col.sla_due": lambda **p: _("SLA due", **p),
    "web.col.state": lambda **p: _("State", **p),
    "web.col.type": lambda **p: _("Type", **p),
    "web.dispatch.agenda": lambda **p: _("Agenda", **p),
    "web.dispatch.day": lambda **p: _("Day", **p),
    "web.dispatch.show": lambda **p: _("Show", **p),
    "web.nav.evaluation": lambda **p: _("Evaluation", **p),
    "web.nav.teams": lambda **p: _("Teams", **p),
    "web.teams.certificates": lambda **p: _("Certificates (valid until)", **p),
    "web.teams.expired": lambda **p: _("expired", **p),
    "web.teams.home": lambda **p: pgettext("team", "Home base", **p),
    "web.teams.members": lambda **p: _("Members", **p),
    "web.teams.role": lambda **p: pgettext("team", "Role", **p),
    "web.teams.shift": lambda **p: _("Shift", **p),
    "web.teams.skills": lambda **p: _("Skills", **p),
    "web.teams.staff": lambda **p: _("Field staff", **p),
    "web.teams.title": lambda **p: _("Teams and staff", **p),
}


def translator(lang: str) -> Translator:
    """Old style ``t(code, **params)`` bound to one language, for templates not yet on
    gettext; being replaced by ``_()`` (issue 14)."""

    def t(code: str, **params: Any) -> str:
        bridged = _BRIDGE.get(code)
        if bridged is None:
            return translate(code, lang, **params)
        with using_language(lang):
            return bridged(**params)

    return t


def label(entry: str | tuple[str, ...], lang: str) -> str:
    """A label table's entry in ``lang``: a msgid, or an older ``(zh, en)`` pair."""
    return label_in(entry, lang)


def install_gettext(env: Environment) -> None:
    """``_()``, ``gettext``, ``ngettext``, ``pgettext`` and ``{% trans %}`` in templates, in the
    page's language (the ``lang`` every page's context carries)."""

    @pass_context
    def _gettext(ctx: Context, message: str) -> str:
        return catalogue(normalise(ctx.get("lang"))).gettext(message)

    @pass_context
    def _ngettext(ctx: Context, singular: str, plural: str, n: int) -> str:
        return catalogue(normalise(ctx.get("lang"))).ngettext(singular, plural, n)

    @pass_context
    def _pgettext(ctx: Context, context: str, message: str) -> str:
        return catalogue(normalise(ctx.get("lang"))).pgettext(context, message)

    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext)
