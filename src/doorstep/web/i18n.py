"""The web's gettext: ``_()`` and ``{% trans %}`` in templates, and labels
(docs/translation.md)."""

from __future__ import annotations

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from doorstep.core.i18n import Label, catalogue, label_in, normalise


def label(entry: Label, lang: str) -> str:
    """A label table's entry (a msgid or a :class:`Msg`) in ``lang``."""
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
