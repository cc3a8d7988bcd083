"""The contact rules of DESIGN §5 over the contact log — pure functions, no I/O.

Quiet hours, the frequency caps (counted across every channel), and the third-party rule:
a person other than the customer or the guarantor only after the configured number of
failed attempts in a row to reach the customer, only with a declared relation, and never
told of the debt (the message is checked by :func:`debt_words`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from doorstep.cases import compliance
from doorstep.cases.compliance import Policy
from doorstep.contacts.model import FIRST_PARTIES, TIMED_CHANNELS, Contact, NewContact
from doorstep.core.clock import local
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, codes

codes({
    "contact.quiet_hours": N_(
        "%(time)s is inside the quiet hours %(start)s–%(end)s and the customer's consent is "
        "not recorded; no contact"),
    "contact.cap_day": N_(
        "This case was contacted %(count)s times today, the daily cap is %(cap)s (all "
        "channels)"),
    "contact.cap_period": N_(
        "This case was contacted %(count)s times in %(days)s days, the cap is %(cap)s (all "
        "channels)"),
    "contact.third_party_early": N_(
        "A third party may be contacted only after %(need)s failed attempts in a row to reach "
        "the customer (so far %(have)s)"),
    "contact.third_party_relation": N_("Declare the third party's relation to the customer"),
    "contact.discloses_debt": N_(
        "A message to a third party may not disclose the debt (found: %(words)s)"),
})


class ContactRefused(DoorstepError):
    """A contact the policy does not allow; nothing is recorded."""

    code = "contact.refused"
    http_status = 422


class QuietHours(ContactRefused):
    code = "contact.quiet_hours"


class DailyCap(ContactRefused):
    code = "contact.cap_day"


class PeriodCap(ContactRefused):
    code = "contact.cap_period"


class ThirdPartyTooEarly(ContactRefused):
    code = "contact.third_party_early"


class RelationMissing(ContactRefused):
    code = "contact.third_party_relation"


class DisclosesDebt(ContactRefused):
    code = "contact.discloses_debt"


_DATA = tomllib.loads(Path(__file__).with_name("debt_words.toml").read_text(encoding="utf-8"))
#: Words and patterns that tell a listener there is a debt (data, in ``debt_words.toml``).
DEBT_WORDS: tuple[str, ...] = tuple(_DATA["words"])
_AMOUNT = re.compile(_DATA["amount"])


def debt_words(message: str) -> list[str]:
    """The words or amounts in ``message`` that would disclose a debt (empty if none)."""
    text = message.lower()
    found = [w for w in DEBT_WORDS if w in text]
    found += [m.group(0) for m in _AMOUNT.finditer(message)]
    return found


def failed_in_row(history: Sequence[Contact]) -> int:
    """Failed attempts in a row to reach the customer, counted back from the latest
    contact with the customer (a successful one ends the count)."""
    count = 0
    for c in sorted(history, key=lambda c: (c.at, c.id), reverse=True):
        if not c.with_debtor:
            continue
        if not c.failed:
            break
        count += 1
    return count


def check_contact(policy: Policy, new: NewContact, history: Sequence[Contact]) -> None:
    """Raise the first rule ``new`` would break given the case's ``history``."""
    if new.channel in TIMED_CHANNELS and not new.consent and compliance.check_quiet_hours(
            policy, new.at) is not None:
        raise QuietHours(time=f"{local(new.at):%H:%M}", start=f"{policy.quiet_start:%H:%M}",
                         end=f"{policy.quiet_end:%H:%M}")
    _check_caps(policy, new, history)
    if new.party not in FIRST_PARTIES:
        have, need = failed_in_row(history), policy.third_party_min_failed_attempts
        if have < need:
            raise ThirdPartyTooEarly(need=need, have=have)
        if not new.relation.strip():
            raise RelationMissing()
        words = debt_words(new.message) + debt_words(new.note)
        if words:
            raise DisclosesDebt(words=list(dict.fromkeys(words)))


def _check_caps(policy: Policy, new: NewContact, history: Sequence[Contact]) -> None:
    day = local(new.at).date()
    same_day = sum(1 for c in history if local(c.at).date() == day)
    if same_day >= policy.max_contacts_per_day:
        raise DailyCap(count=same_day, cap=policy.max_contacts_per_day)
    since = new.at.timestamp() - policy.period_days * 86400
    in_period = sum(1 for c in history if since < c.at.timestamp() <= new.at.timestamp())
    if in_period >= policy.max_contacts_per_period:
        raise PeriodCap(count=in_period, cap=policy.max_contacts_per_period,
                        days=policy.period_days)
