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
from doorstep.core.errors import ComplianceViolation, ConfigurationError
from doorstep.core.i18n import N_, RECORD_LANGUAGE, Msg

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
    """A broken rule and what is wrong, as a message translated where it is shown."""

    rule: str
    message: Msg

    @property
    def detail(self) -> str:
        """The breach in the records' language (stored with exceptions and approval requests)."""
        return self.message.in_language(RECORD_LANGUAGE)

    def overridable(self, policy: Policy) -> bool:
        return self.rule in policy.overridable

    def violation(self) -> ComplianceViolation:
        """The error refusing the action, translated at the edge."""
        return ComplianceViolation(self.message.msgid, rule=self.rule, **self.message.params)


def _breach(rule: str, msgid: str, **params: object) -> Breach:
    return Breach(rule, Msg(msgid, params))


def check_quiet_hours(policy: Policy, at: datetime, consent: bool = False) -> Breach | None:
    """No visit, call or message in quiet hours unless the customer consented."""
    t = local(at).time()
    if not consent and _in_window(t, policy.quiet_start, policy.quiet_end):
        return _breach("quiet_hours", N_("%(time)s lies in the quiet hours %(start)s–%(end)s"),
                       time=f"{t:%H:%M}", start=f"{policy.quiet_start:%H:%M}",
                       end=f"{policy.quiet_end:%H:%M}")
    return None


def check_visit_window(policy: Policy, start: datetime, end: datetime) -> Breach | None:
    """A visit (or appointment slot) lies wholly inside the visit window, on one day."""
    s, e = local(start), local(end)
    if e <= s:
        return _breach("visit_window", N_("The end must be after the start"))
    if s.date() != e.date() or s.time() < policy.visit_start or e.time() > policy.visit_end:
        return _breach("visit_window",
                       N_("The visit time %(start)s–%(end)s lies outside the allowed hours "
                          "%(allowed_start)s–%(allowed_end)s"),
                       start=f"{s:%H:%M}", end=f"{e:%H:%M}",
                       allowed_start=f"{policy.visit_start:%H:%M}",
                       allowed_end=f"{policy.visit_end:%H:%M}")
    return None


def check_two_staff(policy: Policy, staff_present: int) -> Breach | None:
    """Visits are made by at least ``min_staff`` people (two by default)."""
    if staff_present < policy.min_staff:
        return _breach("two_staff",
                       N_("A visit needs at least %(need)s staff members; there were %(have)s"),
                       need=policy.min_staff, have=staff_present)
    return None


def check_identification(policy: Policy, staff_names: list[str], staff_numbers: list[str],
                         bank_name: str) -> Breach | None:
    """Every visit records the staff's names, staff numbers and the bank."""
    if not policy.require_identification:
        return None
    if not bank_name.strip() or not staff_names or len(staff_names) != len(staff_numbers) or any(
        not n.strip() for n in staff_names + staff_numbers):
        return _breach("identification", N_(
            "The visit record must name the staff, their staff numbers and the bank"))
    return None


def check_consent_to_enter(policy: Policy, inside_home: bool,
                           consent: bool | None) -> Breach | None:
    """No consent recorded, no visit inside the home."""
    if policy.require_consent_to_enter and inside_home and consent is not True:
        return _breach("consent_to_enter",
                       N_("No consent of the customer is recorded: the home may not be entered"))
    return None


def check_third_party(policy: Policy, failed_attempts_in_row: int,
                      discloses_debt: bool) -> Breach | None:
    """Third parties only after the customer is unreachable, never told of the debt."""
    if discloses_debt:
        return _breach("third_party", N_("The debt may not be disclosed to a third party"))
    if failed_attempts_in_row < policy.third_party_min_failed_attempts:
        return _breach("third_party",
                       N_("A third party may be contacted only after %(need)s failed attempts "
                          "in a row to reach the customer (%(have)s so far)"),
                       need=policy.third_party_min_failed_attempts, have=failed_attempts_in_row)
    return None


def check_frequency(policy: Policy, contact_times: list[datetime], at: datetime) -> Breach | None:
    """Contacts per case per day and per period stay within the caps, across channels."""
    day = local(at).date()
    same_day = sum(1 for c in contact_times if local(c).date() == day)
    if same_day >= policy.max_contacts_per_day:
        return _breach("frequency", N_("%(count)s contacts today already, the limit is %(cap)s"),
                       count=same_day, cap=policy.max_contacts_per_day)
    since = at - timedelta(days=policy.period_days)
    in_period = sum(1 for c in contact_times if since < c <= at)
    if in_period >= policy.max_contacts_per_period:
        return _breach("frequency",
                       N_("%(count)s contacts within %(days)s days already, the limit is %(cap)s"),
                       days=policy.period_days, count=in_period,
                       cap=policy.max_contacts_per_period)
    return None


def check_evidence(policy: Policy, case_type: str, has_recording: bool,
                   has_signed_note: bool) -> Breach | None:
    """Delinquency visits carry an audio/video recording or a signed note."""
    if case_type in policy.evidence_required_for and not (has_recording or has_signed_note):
        return _breach("evidence", N_(
            "A visit about an overdue debt needs a recording or a signed confirmation"))
    return None


def missing_effective_collection(confirmed_contacts: list[datetime] | tuple[datetime, ...],
                                 need: int = 2, gap_days: int = 30) -> Msg | None:
    """What the file lacks for effective collection, in words naming it; ``None`` if nothing.

    A credit-card case needs ``need`` confirmed contacts, the first and last at least
    ``gap_days`` days apart, before it may go to litigation (DESIGN §5).
    """
    ordered = sorted(confirmed_contacts)
    rule = Msg(N_("Before a credit-card case goes to litigation, the file needs %(need)s "
                  "effective contacts at least %(gap)s days apart"),
               {"need": need, "gap": gap_days})
    if len(ordered) < need:
        have = Msg(N_("; on file: %(dates)s"),
                   {"dates": [f"{local(c):%Y-%m-%d}" for c in ordered]}) if ordered else ""
        return Msg(N_("%(requirement)s: only %(count)s effective contacts%(dates)s, %(short)s more "
                      "needed"), {"requirement": rule, "count": len(ordered), "dates": have,
                                  "short": need - len(ordered)})
    spaced = [ordered[0]]  # each at least gap_days after the one before
    for c in ordered[1:]:
        if (c - spaced[-1]).days >= gap_days:
            spaced.append(c)
    if len(spaced) >= need:
        return None
    span = (ordered[-1] - ordered[0]).days
    return Msg(N_("%(requirement)s: the earliest (%(first)s) and the latest (%(last)s) effective "
                  "contacts are only %(span)s days apart; one more is needed in %(wait)s days"),
               {"requirement": rule, "first": f"{local(ordered[0]):%Y-%m-%d}",
                "last": f"{local(ordered[-1]):%Y-%m-%d}", "span": span, "wait": gap_days - span})


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
        return _breach("do_not_visit", N_("The customer is flagged 'do not visit'"))
    if under_regulator_complaint:
        return _breach("regulator_complaint",
                       N_("A complaint of the customer to the regulator is being handled"))
    return None
