"""The contact rules of DESIGN §5 over the contact log — pure functions, no I/O.

Quiet hours, the frequency caps (counted across every channel), and the third-party rule:
a person other than the customer or the guarantor only after the configured number of
failed attempts in a row to reach the customer, only with a declared relation, and never
told of the debt (the message is checked by :func:`debt_words`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from doorstep.cases import compliance
from doorstep.cases.compliance import Policy
from doorstep.contacts.model import FIRST_PARTIES, TIMED_CHANNELS, Contact, NewContact
from doorstep.core.clock import local
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import register

register({
    "contact.quiet_hours": (
        "{time} 处于禁止联系时段 {start}–{end}，且未记录客户同意，不得联系",
        "{time} is inside the quiet hours {start}–{end} and the customer's consent is not "
        "recorded; no contact"),
    "contact.cap_day": ("该案件当日已联系 {count} 次，达到每日上限 {cap} 次（含全部渠道）",
                        "This case was contacted {count} times today, the daily cap is {cap} "
                        "(all channels)"),
    "contact.cap_period": (
        "该案件 {days} 天内已联系 {count} 次，达到上限 {cap} 次（含全部渠道）",
        "This case was contacted {count} times in {days} days, the cap is {cap} (all "
        "channels)"),
    "contact.third_party_early": (
        "连续 {need} 次联系不上客户本人后方可联系第三方（目前连续 {have} 次）",
        "A third party may be contacted only after {need} failed attempts in a row to reach "
        "the customer (so far {have})"),
    "contact.third_party_relation": ("联系第三方须登记其与客户的关系",
                                     "Declare the third party's relation to the customer"),
    "contact.discloses_debt": ("发给第三方的内容不得透露债务信息（出现：{words}）",
                               "A message to a third party may not disclose the debt "
                               "(found: {words})"),
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


#: Words and patterns that tell a listener there is a debt (欠款、逾期、催收、金额 …).
DEBT_WORDS = ("欠款", "欠钱", "欠费", "欠债", "债务", "逾期", "拖欠", "催收", "催缴", "还款",
              "还钱", "贷款", "信用卡", "透支", "账单", "违约", "起诉", "诉讼", "法院", "律师函",
              "征信", "本金", "利息", "罚息", "滞纳金", "debt", "overdue", "repay", "loan")
_AMOUNT = re.compile(r"(¥|￥|RMB|人民币)\s*\d|\d[\d,.]*\s*(元|万元)")


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
            raise DisclosesDebt(words="、".join(dict.fromkeys(words)))


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
