"""Find and remove personal data in case-study text (DESIGN §9): pure, free of I/O.

Two sources: the customer's own name, phone, national id and address as stored (exact
matches), and patterns for 18-digit national ids, mobile numbers, landlines, bank cards,
street addresses and Chinese names written after the word for customer or before a title
(Mr, Ms); the Chinese words are data in ``anonymise.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from doorstep.core.i18n import N_, Msg

#: The Chinese the check looks for (surnames, titles, address words): data beside the module.
WORDS = tomllib.loads(Path(__file__).with_name("anonymise.toml").read_text(encoding="utf-8"))
#: The most common Chinese surnames (double ones first, so they win over single ones).
SURNAMES: tuple[str, ...] = (*WORDS["double_surnames"], *WORDS["single_surnames"])
#: Surnames that are also everyday words: not taken as names after the word for customer.
AMBIGUOUS = frozenset(WORDS["ambiguous"])
_SURNAME = "(?:" + "|".join(SURNAMES) + ")"
_PLAIN_SURNAME = "(?:" + "|".join(s for s in SURNAMES if s not in AMBIGUOUS) + ")"
_GIVEN = WORDS["given"]
_TITLES = WORDS["titles"]
_AFTER_NAME = WORDS["after_name"]

NATIONAL_ID = re.compile(
    r"(?<![\dA-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
    r"[\dXx](?![\dA-Za-z])")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<![\d-])(?:\(0\d{2,3}\)|0\d{2,3}-)\d{7,8}(?!\d)")
BANK_CARD = re.compile(r"(?<!\d)(?:\d{4}[ -]){3,4}\d{1,4}(?!\d)|(?<!\d)\d{16,19}(?!\d)")
ADDRESS = re.compile(WORDS["address"].replace("<P>", WORDS["place"]))
NAME_CUSTOMER = re.compile(
    rf"(?<={WORDS['customer']})({_PLAIN_SURNAME})({_GIVEN}{{1,2}}?){_AFTER_NAME}")
NAME_TITLE = re.compile(rf"({_SURNAME})({_GIVEN}{{1,2}}?)(?={_TITLES})")

KIND_LABELS: dict[str, str] = {
    "name": N_("name"), "national_id": N_("national id"),
    "phone": N_("mobile number"), "landline": N_("landline"),
    "bank_card": N_("bank card number"), "address": N_("address"),
}
PLACEHOLDERS: dict[str, str] = dict(WORDS["placeholders"])


@dataclass(frozen=True)
class KnownPerson:
    """The customer's own data as stored; empty strings when unknown."""

    name: str = ""
    phone: str = ""
    national_id: str = ""
    address: str = ""


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in one paragraph (``where``: 1-based, 0 = title)."""

    where: int
    kind: str
    value: str

    @property
    def masked(self) -> str:
        return mask(self.kind, self.value)

    def message(self) -> Msg:
        """E.g. "Paragraph 2: national id 4403********1234", in the reader's language."""
        place = (Msg(N_("Title")) if self.where == 0
                 else Msg(N_("Paragraph %(n)s"), {"n": self.where}))
        return Msg(N_("%(place)s: %(kind)s %(masked)s"),
                   {"place": place, "kind": Msg(KIND_LABELS[self.kind]), "masked": self.masked})


def mask(kind: str, value: str) -> str:
    """Enough of ``value`` to find it again, never the whole of it."""
    digits = re.sub(r"\D", "", value)
    plain = re.sub(r"[^\dXx]", "", value)
    if kind in ("national_id", "bank_card") and len(plain) >= 12:
        return f"{plain[:4]}********{plain[-4:]}"
    if kind in ("phone", "landline") and len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    if kind == "name":
        return value[:1] + "*" * max(1, len(value) - 1)
    return value[:4] + "****"


def _digits_pattern(number: str) -> re.Pattern[str] | None:
    """The stored number written with optional spaces or dashes between its digits."""
    digits = re.sub(r"\D", "", number)
    if len(digits) < 7:
        return None
    return re.compile(r"(?<!\d)" + r"[ -]?".join(digits) + r"(?![\dXx])", re.IGNORECASE)


Replacer = Callable[[re.Match[str]], str]


def _placeholder(kind: str) -> Replacer:
    return lambda m: PLACEHOLDERS[kind]


def _surname_only(m: re.Match[str]) -> str:
    return m.group(1) + str(WORDS["surname_mark"])


def _rules(known: KnownPerson) -> list[tuple[str, re.Pattern[str], Replacer]]:
    """(kind, pattern, replacement) in the order they must run: longest, surest first."""
    rules: list[tuple[str, re.Pattern[str], Replacer]] = []
    if known.address.strip():
        rules.append(("address", re.compile(re.escape(known.address.strip())),
                      _placeholder("address")))
    for kind, number in (("national_id", known.national_id), ("phone", known.phone)):
        pattern = _digits_pattern(number)
        if pattern is not None:
            rules.append((kind, pattern, _placeholder(kind)))
    if len(known.name.strip()) >= 2:
        name = known.name.strip()
        rules.append(("name", re.compile(f"({re.escape(name[0])}){re.escape(name[1:])}"),
                      _surname_only))
    for kind, pattern in (("national_id", NATIONAL_ID), ("bank_card", BANK_CARD),
                          ("phone", MOBILE), ("landline", LANDLINE), ("address", ADDRESS)):
        rules.append((kind, pattern, _placeholder(kind)))
    rules.append(("name", NAME_CUSTOMER, _surname_only))
    rules.append(("name", NAME_TITLE, lambda m: m.group(1)))
    return rules


def find_personal_data(paragraphs: list[str], known: KnownPerson) -> list[Finding]:
    """Every piece of personal data in ``paragraphs`` (index 0 is the title)."""
    found: list[Finding] = []
    for where, text in enumerate(paragraphs):
        for kind, pattern, replace in _rules(known):
            for m in pattern.finditer(text):
                found.append(Finding(where, kind, m.group(0)))
            text = pattern.sub(replace, text)
    return found


def scrub(text: str, known: KnownPerson) -> str:
    """``text`` with every piece of personal data replaced (a name by its surname and a mark)."""
    for _kind, pattern, replace in _rules(known):
        text = pattern.sub(replace, text)
    return text
