"""Translation with gettext, the Python ecosystem's convention (docs/translation.md).

Messages are written in English in the code (``_("Case %(no)s")``) and translated through the
``locale/<lang>/LC_MESSAGES/doorstep.po`` catalogues: ``zh_CN`` (the default language of the
product) and ``en``. ``make messages`` extracts them with Babel; the catalogues are compiled to
``.mo`` at install, and read straight from the ``.po`` when no current ``.mo`` exists.

- ``_()`` / ``ngettext`` / ``pgettext`` translate now, into the current language (a context
  variable the web, API and CLI set at their edge from the user's choice).
- ``N_()`` marks a message for extraction without translating it: module constants, label
  tables and domain errors keep the English msgid and are translated at the edge.
- :class:`Msg` is a message with its parameters, for domain functions that return text to
  show: the edge turns it into words with ``str(msg)`` or :meth:`Msg.in_language`.

Parameters use Python's ``%(name)s`` form in both Python and templates (Jinja2's i18n
extension formats the same way); a literal per cent sign is written ``%%``.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

Language = Literal["zh-CN", "en"]
LANGUAGES: tuple[Language, ...] = ("zh-CN", "en")
DEFAULT_LANGUAGE: Language = "zh-CN"
#: The language of text written into the bank's records (approval summaries, compliance
#: exceptions, calendar entries): what the bank's staff and auditors read, whoever wrote it.
RECORD_LANGUAGE: Language = "zh-CN"
DOMAIN = "doorstep"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
#: Our language tags and the gettext locale folders they live in.
LOCALE_FOLDERS: dict[Language, str] = {"zh-CN": "zh_CN", "en": "en"}

_current: ContextVar[Language] = ContextVar("doorstep_language", default=DEFAULT_LANGUAGE)


def _read_catalogue(lang: Language) -> _gettext.NullTranslations:
    folder = LOCALE_DIR / LOCALE_FOLDERS[lang] / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if po.is_file():
        # A checkout without compiled catalogues (make install compiles them): read the .po.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as handle:
            catalogue = read_po(handle, locale=LOCALE_FOLDERS[lang])
        buffer = BytesIO()
        write_mo(buffer, catalogue)
        buffer.seek(0)
        return _gettext.GNUTranslations(buffer)
    return _gettext.NullTranslations()


@cache
def catalogue(lang: Language) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (read once per process)."""
    return _read_catalogue(lang)


def normalise(lang: str | None) -> Language:
    """``en``, ``en-US``, ``en_GB.UTF-8`` → ``en``; anything else → the default (zh-CN)."""
    if lang and lang.replace("_", "-").lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def language_from_environment(environ: Mapping[str, str] | None = None) -> Language:
    """The CLI's language: ``DOORSTEP_LANG``, else the locale (LC_ALL, LC_MESSAGES, LANG)."""
    import os

    env = os.environ if environ is None else environ
    for name in ("DOORSTEP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return normalise(env[name])
    return DEFAULT_LANGUAGE


def get_language() -> Language:
    """The language of the current request or command."""
    return _current.get()


def set_language(lang: str | None) -> None:
    """Set the language for the rest of this request, command or thread's context."""
    _current.set(normalise(lang))


@contextmanager
def using_language(lang: str | None) -> Iterator[Language]:
    """Translate into ``lang`` inside the ``with`` block."""
    token = _current.set(normalise(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def _shown(value: Any, lang: Language) -> Any:
    """A parameter as shown in ``lang``: a :class:`Msg` translated, a list or tuple joined
    with the language's list separator (the msgid ", ")."""
    if isinstance(value, Msg):
        return value.in_language(lang)
    if isinstance(value, list | tuple):
        separator = catalogue(lang).gettext(", ")
        return separator.join(str(_shown(item, lang)) for item in value)
    return value


def _format(text: str, params: Mapping[str, Any], lang: Language) -> str:
    if "%" not in text:
        return text
    shown = {k: _shown(v, lang) for k, v in params.items()}
    try:
        return text % shown
    except (KeyError, ValueError, TypeError):
        return text


def translate_in(lang: str | None, message: str, /, **params: Any) -> str:
    """``message`` translated into ``lang`` (not the current language) and formatted."""
    language = normalise(lang)
    return _format(catalogue(language).gettext(message), params, language)


def gettext(message: str, /, **params: Any) -> str:
    """``message`` in the current language, formatted with ``params``."""
    return translate_in(_current.get(), message, **params)


_ = gettext


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The singular or plural form for ``n`` (available as ``%(num)s``) in the current language."""
    lang = _current.get()
    params.setdefault("num", n)
    return _format(catalogue(lang).ngettext(singular, plural, n), params, lang)


def pgettext(context: str, message: str, /, **params: Any) -> str:
    """``message`` in ``context`` (when one English word has two Chinese translations)."""
    lang = _current.get()
    return _format(catalogue(lang).pgettext(context, message), params, lang)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention's name
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


def NP_(context: str, message: str) -> Msg:  # noqa: N802 - the gettext convention's name
    """``N_`` with a context: a label whose English word has another Chinese elsewhere
    (``NP_("case state", "Approved")``); translated later with ``pgettext``."""
    return Msg(message, context=context)


@dataclass(frozen=True)
class Msg:
    """A message to show, translated at the edge: an English msgid and its parameters.

    Write ``Msg("Visit %(no)s is late", {"no": no})``; Babel extracts the first argument.
    Parameters may themselves be :class:`Msg` (a state's label inside a sentence).
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    #: A ``pgettext`` context when one English msgid has two translations (see ``NP_``).
    context: str | None = None

    def in_language(self, lang: str | None) -> str:
        if self.context is None:
            return translate_in(lang, self.msgid, **dict(self.params))
        language = normalise(lang)
        text = catalogue(language).pgettext(self.context, self.msgid)
        return _format(text, dict(self.params), language)

    def __str__(self) -> str:
        return self.in_language(_current.get())


#: What a label table holds: a msgid, or a :class:`Msg` (with a context) for the few words
#: whose English is shared by two different Chinese labels.
Label = str | Msg


def label_in(entry: Label, lang: str | None) -> str:
    """A label table's entry (a msgid such as ``N_("Scheduled")``, or a :class:`Msg`) in
    ``lang``."""
    if isinstance(entry, Msg):
        return entry.in_language(lang)
    return translate_in(lang, entry)


def as_msg(entry: Label) -> Msg:
    """A label as a :class:`Msg`, to pass as an error's or a sentence's parameter (which the
    edge translates along with the message)."""
    return entry if isinstance(entry, Msg) else Msg(entry)


def join_sentences(items: Sequence[str | Msg]) -> Msg:
    """Several sentences (at least one) as one message, separated by "; " in the language
    shown."""
    first, *rest = [as_msg(item) for item in items]
    if not rest:
        return first
    return Msg(N_("%(first)s; %(rest)s"), {"first": first, "rest": join_sentences(rest)})


def label_of(entry: Label) -> str:
    """:func:`label_in` the current language."""
    return label_in(entry, _current.get())


def pick_language(accept_language: str | None, chosen: str | None = None) -> Language:
    """The user's choice wins; otherwise English only when the browser prefers it."""
    if chosen in LANGUAGES:
        return chosen
    if accept_language and accept_language.strip().lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


# --- Stable codes ----------------------------------------------------------------------------
# Every code below is a DoorstepError's (or the edge's) stable code; its message is a gettext
# msgid that frames the error's detail (``translate(code, lang, detail=…)``).

_CODES: dict[str, str] = {}


def translate(code: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The message for a stable ``code`` in ``lang``; the code itself if unknown."""
    language = normalise(lang)
    detail = params.get("detail")
    if isinstance(detail, str) and detail:
        # An error's detail is itself a msgid with the error's parameters (DoorstepError).
        params["detail"] = translate_in(language, detail,
                                        **{k: v for k, v in params.items() if k != "detail"})
    msgid = _CODES.get(code)
    if msgid is not None:
        return translate_in(language, msgid, **params)
    return code


def codes(messages: Mapping[str, str]) -> None:
    """Name the msgid of each stable error ``code`` (``{"auth.failed": N_("Wrong …")}``)."""
    _CODES.update(messages)


codes(
    {
        "error": N_("The operation failed: %(detail)s"),
        "not_found": N_("%(entity)s %(id)s was not found"),
        "validation_failed": N_("Invalid input: %(detail)s"),
        "case.illegal_transition": N_(
            "A case in state '%(state)s' cannot take the command '%(command)s'"),
        "case.guard_failed": N_("Precondition not met: %(detail)s"),
        "stale_version": N_(
            "The record was changed by someone else (version %(current)s, you sent "
            "%(given)s); reload and try again"),
        "compliance.violation": N_("Compliance rule broken: %(detail)s"),
        "auth.failed": N_("Wrong user name or password"),
        "auth.required": N_("Please log in"),
        "auth.locked": N_("Too many failed logins; the account is locked until %(until)s"),
        "auth.forbidden": N_("Your role may not do this (%(permission)s)"),
        "auth.csrf": N_("The form expired or came from elsewhere; reload and try again"),
        "conflict": N_("Conflict: %(detail)s"),
        "config.invalid": N_("Configuration error: %(detail)s"),
    }
)


def join_messages(messages: Sequence[Msg | str]) -> Msg:
    """Several messages as one, separated by a semicolon in the reader's language (every
    problem of a form in one error: ``ValidationFailed(N_("%(problems)s"), problems=…)``)."""
    parts = [m if isinstance(m, Msg) else Msg(m) for m in messages]
    if not parts:
        raise ValueError("join_messages needs at least one message")
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Msg(N_("%(first)s; %(rest)s"), {"first": part, "rest": joined})
    return joined
