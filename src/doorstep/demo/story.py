"""The machinery of one case's story: its clock, every transition through the real
lifecycle (so guards are checked and the version bumps exactly as in production), the
audit event each transition leaves, and contacts kept within the compliance caps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from doorstep.cases import compliance, lifecycle
from doorstep.cases.compliance import Policy
from doorstep.cases.lifecycle import CaseFacts, Command
from doorstep.cases.model import BusinessLine, Case, CaseType
from doorstep.core.audit import AuditEntry
from doorstep.demo.context import DemoConfig, IdSequence, at_minute, to_utc
from doorstep.demo.paths import Step
from doorstep.demo.plans import PlanScope
from doorstep.demo.selection import CaseSeed
from doorstep.demo.staff import Team

SYSTEM_ACTOR = "system:demo"
#: Of the cases the demo's field team (field1, field2) could take, the share it is given.
FIELD_TEAM_SHARE = 0.5
#: The skill a team needs for a case, by case type (and line for debts and loan disputes).
NEEDED_SKILL: dict[CaseType, str | None] = {
    CaseType.ACCOUNT_PROBLEM: "technical", CaseType.WEALTH_DISPUTE: "wealth",
    CaseType.INSURANCE_DISPUTE: "insurance", CaseType.SERVICE_COMPLAINT: None,
}


@dataclass(frozen=True)
class World:
    """What every story shares: configuration, ids, policy, teams, actors and plans."""

    cfg: DemoConfig
    ids: IdSequence
    policy: Policy
    teams: dict[int, list[Team]]
    dispatchers: dict[int, str]
    field_team_id: int
    plans: list[PlanScope]


@dataclass
class CaseRows:
    """Rows of every case-related table, and audit events keyed for global ordering."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    appointments: list[dict[str, Any]] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    instalments: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    approvals: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[datetime, int, int, AuditEntry]] = field(default_factory=list)


def needed_skill(case_type: CaseType, line: BusinessLine) -> str | None:
    if case_type in (CaseType.OVERDUE_DEBT, CaseType.LOAN_DISPUTE):
        return "loans" if line == BusinessLine.LOAN else "cards"
    return NEEDED_SKILL[case_type]


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


class StoryBase:
    """State and helpers shared by the step handlers of :class:`CaseStory`."""

    def __init__(self, rng: Random, world: World, seed: CaseSeed, rows: CaseRows,
                 opened: datetime) -> None:
        self.rng, self.world, self.seed, self.rows = rng, world, seed, rows
        self.case = Case(
            id=world.ids.take("cases"), customer_id=seed.profile.id,
            branch_id=seed.profile.branch_id, case_type=seed.case_type,
            business_line=seed.line, priority=seed.priority,
            overdue_amount=_money(seed.overdue_amount),
            amount_at_stake=_money(seed.amount_at_stake), opened_at=to_utc(opened))
        self.opened = self.cursor = opened
        self.day: date = opened.date()
        self.team: Team | None = None
        self.confirmed: list[datetime] = []
        self.contact_times: list[datetime] = []
        self.visit_attempts = 0
        self.sla_local = opened + timedelta(days=7)
        self.next_kind: str | None = None
        self.upcoming: Step | None = None

    @property
    def case_id(self) -> int:
        assert self.case.id is not None
        return self.case.id

    @property
    def today(self) -> date:
        return self.world.cfg.as_of

    def at(self, minute: int, day: date | None = None) -> datetime:
        """A time on ``day`` (default: the story's day), always after the last event."""
        t = at_minute(day or self.day, minute)
        if t <= self.cursor:
            t = self.cursor + timedelta(minutes=self.rng.randint(5, 25))
        self.cursor = t
        return t

    def facts(self, **extra: Any) -> CaseFacts:
        p = self.world.policy
        base: dict[str, Any] = {
            "max_failed_attempts": p.max_failed_attempts, "min_staff_per_visit": p.min_staff,
            "effective_collection_gap_days": p.effective_collection_gap_days,
            "is_credit_card": self.seed.line == BusinessLine.CREDIT_CARD,
            "visit_attempts": self.visit_attempts, "confirmed_contacts": tuple(self.confirmed)}
        if self.team is not None:
            need = needed_skill(self.seed.case_type, self.seed.line)
            base.update(team_id=self.team.id, team_size=len(self.team.members),
                        team_skills_cover_case=need is None or need in self.team.skills)
        base.update(extra)
        return CaseFacts(**base)

    def move(self, command: Command, at: datetime, actor: str, facts: CaseFacts | None = None,
             extra: dict[str, Any] | None = None) -> None:
        """Apply a lifecycle command (guards checked) and record its audit event."""
        before = {"state": self.case.state.value, "version": self.case.version}
        self.case = lifecycle.apply(self.case, command, facts or self.facts(), to_utc(at))
        after: dict[str, Any] = {"state": self.case.state.value, "version": self.case.version}
        after.update(extra or {})
        entry = AuditEntry(actor, f"case.{command.value}", "case", str(self.case_id), before,
                           after, to_utc(at))
        self.rows.events.append((at, self.case_id, self.case.version, entry))

    def contact(self, at: datetime, channel: str, outcome: str, confirmed: bool,
                staff_id: int | None, optional: bool = False, third_party: bool = False) -> bool:
        """Record a contact; an optional one is skipped when it would break a frequency cap."""
        at_utc = to_utc(at)
        if optional and compliance.check_frequency(self.world.policy, self.contact_times,
                                                   at_utc) is not None:
            return False
        self.contact_times.append(at_utc)
        if confirmed:
            self.confirmed.append(at_utc)
        self.rows.contacts.append({
            "id": self.world.ids.take("contacts"), "case_id": self.case_id, "channel": channel,
            "at": at_utc, "outcome": outcome, "confirmed": confirmed, "staff_id": staff_id,
            "third_party": third_party,
            "party": "spouse_or_relative" if third_party else "debtor",
            "relation": "配偶" if third_party else "",
            "proof": ("none" if not confirmed else
                      "signed_note" if channel == "visit" else "recording"),
            "consent": False, "note": "", "recorded_by": ""})
        return True

    def dispatcher(self) -> str:
        return self.world.dispatchers.get(self.case.branch_id, SYSTEM_ACTOR)

    def field_actor(self) -> str:
        if self.team is not None and self.team.id == self.world.field_team_id:
            return "user:field1" if self.rng.random() < 0.6 else "user:field2"
        return SYSTEM_ACTOR

    def lead_staff(self) -> int | None:
        return self.team.members[0].id if self.team is not None else None

    def choose_team(self) -> Team:
        """A team of the case's branch with the skill it needs; legal help for risky cases."""
        teams = self.world.teams[self.case.branch_id]
        need = needed_skill(self.seed.case_type, self.seed.line)
        fit = [t for t in teams if need is None or need in t.skills] or teams
        if self.seed.priority <= 2:
            fit = [t for t in fit if t.has_legal] or fit
        field = [t for t in fit if t.id == self.world.field_team_id]
        if field and self.rng.random() < FIELD_TEAM_SHARE:  # field1/field2 have a full day
            return field[0]
        return self.rng.choice(fit)

    def regulator_override(self, at: datetime, actor: str, reason: str) -> dict[str, Any]:
        """A visit step for a customer under a regulator complaint: exception + override."""
        since = self.seed.profile.regulator_since
        if since is None or at < since:
            return {}
        approval_id = self.approved_request(
            "compliance_override", "case", self.case_id, actor, reason, at,
            f"案件 #{self.case_id}：客户处于监管投诉处理中",
            {"action": "transition", "case_id": self.case_id,
             "breaches": [{"rule": "regulator_complaint", "detail": "客户处于监管投诉处理中"}]})
        self.rows.exceptions.append({
            "id": self.world.ids.take("compliance_exceptions"), "case_id": self.case_id,
            "rule": "regulator_complaint", "detail": "客户处于监管投诉处理中",
            "approver": "manager", "reason": reason, "actor": actor, "at": to_utc(at),
            "decision": "approved", "approval_id": approval_id})
        return {"override": {"approver": "manager", "reason": reason,
                             "approval_id": approval_id}}

    def approved_request(self, kind: str, subject_type: str, subject_id: int, maker: str,
                         reason: str, at: datetime, summary: str, payload: dict[str, Any],
                         amount: float = 0.0) -> int:
        """An approval request made by ``maker`` and approved by the programme manager (a
        different person: the demo's makers are field staff, dispatchers or the system)."""
        approval_id = self.world.ids.take("approvals")
        self.rows.approvals.append({
            "id": approval_id, "kind": kind, "subject_type": subject_type,
            "subject_id": subject_id, "branch_id": self.case.branch_id,
            "amount": _money(amount), "summary": summary, "payload": payload,
            "state": "approved", "requested_by": maker.removeprefix("user:"),
            "requested_at": to_utc(at) - timedelta(minutes=30), "request_reason": reason,
            "decided_by": "manager", "decided_at": to_utc(at) - timedelta(minutes=5),
            "decision_reason": "已核对，同意",
            "version": 2})
        return approval_id
