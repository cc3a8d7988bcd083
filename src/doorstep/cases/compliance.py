"""The compliance policy of DESIGN §5: configuration (TOML, validated) and pure checks.

Each check returns ``None`` when the rule holds, or a :class:`Breach` naming the rule.
Callers refuse the action on a breach, or record an exception when the rule may be
overridden and an approver gave a reason.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from doorstep.core.clock import local
from doorstep.core.errors import ConfigurationError

DEFAULT_POLICY = Path(__file__).with_name("policy.toml")
RULES = ("quiet_hours", "visit_window", "two_staff", "identification", "consent_to_enter",
         "third_party", "frequency", "evidence", "effective_collection", "do_not_visit",
         "regulator_complaint")
DEFAULT_OVERRIDABLE = ("do_not_visit", "regulator_complaint", "frequency", "visit_window")


def _hhmm(value: str, where: str) -> time:
    try:
        hh, mm = value.split(":")
        return time(int(hh), int(mm))
    except (ValueError, AttributeError) as exc:
        raise ConfigurationError(f"{where}: '{value}' is not a time like 09:00") from exc


def _in_window(t: time, start: time, end: time) -> bool:
    """Whether ``t`` lies in [start, end), where the window may wrap past midnight."""
    if start <= end:
        return start <= t < end
    return t >= start or t < end


@dataclass(frozen=True)
class Policy:
    quiet_start: time = time(22, 0)
    quiet_end: time = time(8, 0)
    visit_start: time = time(9, 0)
    visit_end: time = time(20, 0)
    min_staff: int = 2
    require_identification: bool = True
    require_consent_to_enter: bool = True
    evidence_required_for: frozenset[str] = frozenset({"overdue_debt"})
    third_party_min_failed_attempts: int = 3
    max_contacts_per_day: int = 1
    max_contacts_per_period: int = 6
    period_days: int = 30
    effective_collection_contacts: int = 2
    effective_collection_gap_days: int = 30
    max_failed_attempts: int = 3
    retention_years: int = 2
    overridable: frozenset[str] = frozenset(DEFAULT_OVERRIDABLE)

    def __post_init__(self) -> None:
        if self.min_staff < 1:
            raise ConfigurationError("visits.min_staff must be at least 1")
        if self.visit_start >= self.visit_end:
            raise ConfigurationError("visit_window.start must be before visit_window.end")
        if _in_window(self.visit_start, self.quiet_start, self.quiet_end) or _in_window(
            (datetime.combine(datetime.min, self.visit_end) - timedelta(minutes=1)).time(),
            self.quiet_start, self.quiet_end):
            raise ConfigurationError("visit_window must lie outside quiet_hours")
        for name in ("max_contacts_per_day", "max_contacts_per_period", "period_days",
                     "effective_collection_contacts", "max_failed_attempts", "retention_years"):
            if getattr(self, name) < 1:
                raise ConfigurationError(f"{name} must be at least 1")
        if self.retention_years < 2:
            raise ConfigurationError("retention.years must be at least 2 (evidence rule)")
        unknown = set(self.overridable) - set(RULES)
        if unknown:
            raise ConfigurationError(f"overrides.allowed names unknown rules: {sorted(unknown)}")

    @classmethod
    def from_toml(cls, path: Path = DEFAULT_POLICY) -> Policy:
        """Load and validate a policy file; any mistake names the key."""
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigurationError(f"cannot read policy {path}: {exc}") from exc
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Policy:
        def get(section: str, key: str, default: Any) -> Any:
            return raw.get(section, {}).get(key, default)

        try:
            return cls(
                quiet_start=_hhmm(get("quiet_hours", "start", "22:00"), "quiet_hours.start"),
                quiet_end=_hhmm(get("quiet_hours", "end", "08:00"), "quiet_hours.end"),
                visit_start=_hhmm(get("visit_window", "start", "09:00"), "visit_window.start"),
                visit_end=_hhmm(get("visit_window", "end", "20:00"), "visit_window.end"),
                min_staff=int(get("visits", "min_staff", 2)),
                require_identification=bool(get("visits", "require_identification", True)),
                require_consent_to_enter=bool(get("visits", "require_consent_to_enter", True)),
                evidence_required_for=frozenset(get("visits", "evidence_required_for",
                                                    ["overdue_debt"])),
                third_party_min_failed_attempts=int(get("third_parties", "min_failed_attempts",
                                                        3)),
                max_contacts_per_day=int(get("frequency", "max_contacts_per_case_per_day", 1)),
                max_contacts_per_period=int(get("frequency", "max_contacts_per_case_per_period",
                                                6)),
                period_days=int(get("frequency", "period_days", 30)),
                effective_collection_contacts=int(get("escalation",
                                                      "effective_collection_contacts", 2)),
                effective_collection_gap_days=int(get("escalation",
                                                      "effective_collection_gap_days", 30)),
                max_failed_attempts=int(get("escalation", "max_failed_attempts", 3)),
                retention_years=int(get("retention", "years", 2)),
                overridable=frozenset(get("overrides", "allowed", DEFAULT_OVERRIDABLE)),
            )
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"policy value has the wrong type: {exc}") from exc


@dataclass(frozen=True)
class Breach:
    rule: str
    detail: str

    def overridable(self, policy: Policy) -> bool:
        return self.rule in policy.overridable


def check_quiet_hours(policy: Policy, at: datetime, consent: bool = False) -> Breach | None:
    """No visit, call or message in quiet hours unless the customer consented."""
    t = local(at).time()
    if not consent and _in_window(t, policy.quiet_start, policy.quiet_end):
        return Breach("quiet_hours", f"{t:%H:%M} 处于禁止联系时段 "
                      f"{policy.quiet_start:%H:%M}–{policy.quiet_end:%H:%M}")
    return None


def check_visit_window(policy: Policy, start: datetime, end: datetime) -> Breach | None:
    """A visit (or appointment slot) lies wholly inside the visit window, on one day."""
    s, e = local(start), local(end)
    if e <= s:
        return Breach("visit_window", "结束时间必须晚于开始时间")
    if s.date() != e.date() or s.time() < policy.visit_start or e.time() > policy.visit_end:
        return Breach("visit_window", f"上门时间 {s:%H:%M}–{e:%H:%M} 超出允许时段 "
                      f"{policy.visit_start:%H:%M}–{policy.visit_end:%H:%M}")
    return None


def check_two_staff(policy: Policy, staff_present: int) -> Breach | None:
    """Visits are made by at least ``min_staff`` people (two by default)."""
    if staff_present < policy.min_staff:
        return Breach("two_staff", f"上门需至少 {policy.min_staff} 名员工，实际 {staff_present} 名")
    return None


def check_identification(policy: Policy, staff_names: list[str], staff_numbers: list[str],
                         bank_name: str) -> Breach | None:
    """Every visit records the staff's names, staff numbers and the bank."""
    if not policy.require_identification:
        return None
    if not bank_name.strip() or not staff_names or len(staff_names) != len(staff_numbers) or any(
        not n.strip() for n in staff_names + staff_numbers):
        return Breach("identification", "上门记录须载明员工姓名、工号及所属银行")
    return None


def check_consent_to_enter(policy: Policy, inside_home: bool,
                           consent: bool | None) -> Breach | None:
    """No consent recorded, no visit inside the home."""
    if policy.require_consent_to_enter and inside_home and consent is not True:
        return Breach("consent_to_enter", "未记录客户同意，不得入户")
    return None


def check_third_party(policy: Policy, failed_attempts_in_row: int,
                      discloses_debt: bool) -> Breach | None:
    """Third parties only after the customer is unreachable, never told of the debt."""
    if discloses_debt:
        return Breach("third_party", "不得向第三方透露债务信息")
    if failed_attempts_in_row < policy.third_party_min_failed_attempts:
        return Breach("third_party", f"连续 {policy.third_party_min_failed_attempts} 次联系不上"
                      f"客户后方可联系第三方（目前 {failed_attempts_in_row} 次）")
    return None


def check_frequency(policy: Policy, contact_times: list[datetime], at: datetime) -> Breach | None:
    """Contacts per case per day and per period stay within the caps, across channels."""
    day = local(at).date()
    same_day = sum(1 for c in contact_times if local(c).date() == day)
    if same_day >= policy.max_contacts_per_day:
        return Breach("frequency",
                      f"当日已联系 {same_day} 次，达到上限 {policy.max_contacts_per_day}")
    since = at - timedelta(days=policy.period_days)
    in_period = sum(1 for c in contact_times if since < c <= at)
    if in_period >= policy.max_contacts_per_period:
        return Breach("frequency", f"{policy.period_days} 天内已联系 {in_period} 次，"
                      f"达到上限 {policy.max_contacts_per_period}")
    return None


def check_evidence(policy: Policy, case_type: str, has_recording: bool,
                   has_signed_note: bool) -> Breach | None:
    """Delinquency visits carry an audio/video recording or a signed note."""
    if case_type in policy.evidence_required_for and not (has_recording or has_signed_note):
        return Breach("evidence", "逾期类上门须有录音录像或签字确认")
    return None


def missing_effective_collection(confirmed_contacts: list[datetime] | tuple[datetime, ...],
                                 need: int = 2, gap_days: int = 30) -> str | None:
    """What the file lacks for effective collection, in words naming it; ``None`` if nothing.

    A credit-card case needs ``need`` confirmed contacts, the first and last at least
    ``gap_days`` days apart, before it may go to litigation (DESIGN §5).
    """
    ordered = sorted(confirmed_contacts)
    rule = f"信用卡案件转诉讼前，案卷须有 {need} 次间隔至少 {gap_days} 天的有效联系记录"
    if len(ordered) < need:
        have = "；现有 " + "、".join(f"{local(c):%Y-%m-%d}" for c in ordered) if ordered else ""
        return f"{rule}：仅有 {len(ordered)} 次有效联系{have}，还缺 {need - len(ordered)} 次"
    spaced = [ordered[0]]  # each at least gap_days after the one before
    for c in ordered[1:]:
        if (c - spaced[-1]).days >= gap_days:
            spaced.append(c)
    if len(spaced) >= need:
        return None
    span = (ordered[-1] - ordered[0]).days
    return (f"{rule}：最早（{local(ordered[0]):%Y-%m-%d}）与最近（{local(ordered[-1]):%Y-%m-%d}）"
            f"的有效联系仅相隔 {span} 天，还需在 {gap_days - span} 天后再有一次有效联系")


def check_effective_collection(policy: Policy,
                               confirmed_contacts: list[datetime]) -> Breach | None:
    """Two confirmed contacts at least 30 days apart before a card case goes to litigation."""
    missing = missing_effective_collection(confirmed_contacts,
                                           policy.effective_collection_contacts,
                                           policy.effective_collection_gap_days)
    return None if missing is None else Breach("effective_collection", missing)


def check_visit_flags(do_not_visit: bool, under_regulator_complaint: bool) -> Breach | None:
    """Do-not-visit and under-regulator-complaint flags block visits without an override."""
    if do_not_visit:
        return Breach("do_not_visit", "客户标记为「勿上门」")
    if under_regulator_complaint:
        return Breach("regulator_complaint", "客户处于监管投诉处理中")
    return None
