"""A case's story placed in time: every step of its path becomes a lifecycle transition
with the appointments, visits, contacts, agreements and surveys that justify it."""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random
from typing import Any

from doorstep.cases.lifecycle import Command
from doorstep.cases.model import CaseState
from doorstep.core.audit import AuditEntry
from doorstep.demo.context import UTC_OFFSET, at_minute, to_utc
from doorstep.demo.data_visits import OVERRIDE_REASONS
from doorstep.demo.paths import Step, build_path, ended_in, office, slot_minute, tail_days
from doorstep.demo.plans import plan_for
from doorstep.demo.records import case_summary, token_hash
from doorstep.demo.selection import CaseSeed
from doorstep.demo.settlements import (
    Agreement,
    add_instalments,
    instalment_plan,
    instalment_states,
    new_agreement,
)
from doorstep.demo.story import SYSTEM_ACTOR, CaseRows, World
from doorstep.demo.visiting import VisitSteps

S = CaseState


class CaseStory(VisitSteps):
    """Walks a path step by step; ``step_<kind>`` handles each kind of step."""

    def run(self, steps: list[Step]) -> None:
        after = {"state": S.SCREENED.value, "version": 1}
        self.rows.events.append((self.opened, self.case_id, 1, AuditEntry(
            SYSTEM_ACTOR, "case.open", "case", str(self.case_id), None, after,
            to_utc(self.opened))))
        for i, step in enumerate(steps):
            self.upcoming = steps[i + 1] if i + 1 < len(steps) else None
            self.next_kind = self.upcoming.kind if self.upcoming is not None else None
            self.day += timedelta(days=step.gap)
            getattr(self, f"step_{step.kind}")(step)
        self.finish()

    def step_approve(self, step: Step) -> None:
        actor = "user:analyst" if self.rng.random() < 0.85 else "user:manager"
        self.move(Command.APPROVE, self.at(step.minute), actor)
        self.sla_local = self.cursor + timedelta(days=5)

    def step_assign(self, step: Step) -> None:
        self.team = self.choose_team()
        self.move(Command.ASSIGN, self.at(step.minute), self.dispatcher())
        self.sla_local = self.cursor + timedelta(days=7)

    def step_resolve(self, step: Step) -> None:
        at = self.at(office(self.rng))
        if self.seed.is_debt:
            self._promise_kept(at)
        elif self.seed.profile.complaints and self.seed.profile.complaints.category == "fees":
            fee = self.seed.amount_at_stake
            agreement = new_agreement(self.world.ids, self.case_id, self.last_visit_id,
                                      "fee_waiver", fee, at, waiver=fee, state="kept")
            self.keep(agreement)
        # The guard reads facts: a debt case resolves on its kept agreement, any other with a
        # resolution reason (the visit's outcome).
        self.move(Command.RESOLVE, at, self.field_actor(), self.facts(
            agreement_kept=self.seed.is_debt, resolution_reason="上门沟通后问题已解决"))

    def _promise_kept(self, at: datetime) -> None:
        due = max(self.day - timedelta(days=1), self.last_visit_end.date())
        agreement = new_agreement(self.world.ids, self.case_id, self.last_visit_id,
                                  "promise_to_pay", max(self.seed.overdue_amount, 100.0),
                                  self.last_visit_end, state="kept")
        add_instalments(self.rng, self.world.ids, agreement,
                        [(due, agreement.row["total_amount"])], ["paid"])
        self.keep(agreement)

    def step_monitor(self, step: Step) -> None:
        at = self.at(office(self.rng))
        total = max(self.seed.overdue_amount, 500.0)
        waiver = round(total * self.rng.uniform(0.03, 0.12), 2) if self.rng.random() < 0.3 else 0.0
        self.agreement = new_agreement(self.world.ids, self.case_id, self.last_visit_id,
                                       "repayment_plan", total, at, waiver=waiver)
        plan = instalment_plan(total - waiver, step.instalments,
                               self.day + timedelta(days=step.first_due))
        self.plan_dues = [due for due, _ in plan]
        states = instalment_states(self.plan_dues, self.next_kind, self._missed(), self.today)
        add_instalments(self.rng, self.world.ids, self.agreement, plan, states)
        self.keep(self.agreement)
        self.move(Command.MONITOR, at, self.field_actor())
        pending = [d for d, s in zip(self.plan_dues, states, strict=True) if s == "pending"]
        self.sla_local = at_minute(pending[0] if pending else self.plan_dues[-1], 1080)

    def _missed(self) -> int:
        return self.upcoming.missed if self.upcoming is not None else -1

    def step_kept(self, step: Step) -> None:
        self.agreement.settle("kept")
        self.move(Command.RESOLVE, self.at(office(self.rng)), self.dispatcher(),
                  self.facts(agreement_kept=True))

    def step_broken(self, step: Step) -> None:
        due = self.plan_dues[step.missed]
        self.contact(self.at(office(self.rng), due + timedelta(days=3)), "phone",
                     "promise_broken", True, self.lead_staff(), optional=True)
        self.agreement.settle("broken")
        self.move(Command.ESCALATE, self.at(office(self.rng)), self.dispatcher())
        self.sla_local = self.cursor + timedelta(days=10)

    def step_follow_up(self, step: Step) -> None:
        self.move(Command.REQUEST_FOLLOW_UP, self.at(office(self.rng)), self.field_actor())
        self.sla_local = self.cursor + timedelta(days=14)

    def step_escalate(self, step: Step) -> None:
        actor = self.field_actor() if self.case.state == S.VISITED else self.dispatcher()
        self.move(Command.ESCALATE, self.at(office(self.rng)), actor)
        self.sla_local = self.cursor + timedelta(days=10)

    def step_override_escalate(self, step: Step) -> None:
        reason = self.rng.choice(OVERRIDE_REASONS["legal"])
        at = self.at(office(self.rng))
        # 双人复核: the legal officer asks, the programme manager approves.
        breach = {"rule": "escalate_without_visit", "detail": "升级前需要至少一次上门尝试"}
        approval_id = self.approved_request(
            "compliance_override", "case", self.case_id, "user:legal", reason, at,
            f"案件 #{self.case_id}「升级法务」：升级前尚无上门尝试",
            {"action": "transition", "case_id": self.case_id, "command": "escalate",
             "breaches": [breach]})
        self.rows.exceptions.append({
            "id": self.world.ids.take("compliance_exceptions"), "case_id": self.case_id,
            **breach, "approver": "manager", "reason": reason, "actor": "user:legal",
            "at": to_utc(at), "decision": "approved", "approval_id": approval_id})
        facts = self.facts(legal_override_reason=reason, override_approver="manager")
        self.move(Command.ESCALATE, at, "user:legal", facts,
                  {"override": {"approver": "manager", "reason": reason,
                                "approval_id": approval_id}})
        self.sla_local = self.cursor + timedelta(days=10)

    def step_mediate(self, step: Step) -> None:
        at = self.at(office(self.rng))
        self.contact(at, "phone", "mediation_notice", True, None, optional=True)
        self.move(Command.START_MEDIATION, self.at(office(self.rng)), "user:legal")
        self.sla_local = self.cursor + timedelta(days=30)

    def step_mediation_resolve(self, step: Step) -> None:
        at = self.at(office(self.rng))
        if self.seed.is_debt:
            total = round(self.seed.overdue_amount * self.rng.uniform(0.7, 1.0), 2)
            agreement = new_agreement(self.world.ids, self.case_id, None, "mediation_agreement",
                                      max(total, 100.0), at)
            plan = instalment_plan(agreement.row["total_amount"], self.rng.randint(1, 6),
                                   self.day + timedelta(days=30))
            states = instalment_states([d for d, _ in plan], None, -1, self.today)
            add_instalments(self.rng, self.world.ids, agreement, plan, states)
            agreement.settle("kept" if all(s == "paid" for s in states) else "active")
        else:
            stake = self.seed.amount_at_stake * self.rng.uniform(0.1, 0.4)
            agreement = new_agreement(self.world.ids, self.case_id, None, "settlement",
                                      max(stake, 100.0), at, state="kept")
        self.keep(agreement)
        self.move(Command.RESOLVE, at, "user:legal")

    def step_litigate(self, step: Step) -> None:
        notice = "mediation_failed" if self.case.state == S.MEDIATION else "legal_notice"
        self.contact(self.at(office(self.rng), self.day - timedelta(days=2)), "phone", notice,
                     True, None, optional=True)
        self.move(Command.LITIGATE, self.at(office(self.rng)), "user:legal")

    def step_close(self, step: Step) -> None:
        day_after_fail = self.cursor.date() + timedelta(days=1)
        self.contact(self.at(office(self.rng), day_after_fail), "phone",
                     "third_party_no_disclosure", False, self.lead_staff(), optional=True,
                     third_party=True)
        self.move(Command.REFER_UNREACHABLE, self.at(office(self.rng)), self.dispatcher())

    def keep(self, agreement: Agreement) -> None:
        self.rows.agreements.append(agreement.row)
        self.rows.instalments.extend(agreement.instalments)
        waiver = float(agreement.row["fee_waiver_amount"])
        if waiver > 0:
            made = agreement.row["created_at"] + UTC_OFFSET  # back to local time
            self.approved_request(
                "fee_waiver", "agreement", agreement.row["id"], self.field_actor(),
                "上门协商达成的费用减免", made + timedelta(minutes=40),
                f"协议 #{agreement.row['id']}（案件 #{self.case_id}）减免 ¥{waiver:,.2f}",
                {"case_id": self.case_id, "agreement_id": agreement.row["id"]}, waiver)

    def finish(self) -> None:
        if self.case.state == S.ASSIGNED and self.rng.random() < 0.5:
            self._propose_slot()
        self.rows.cases.append(self._case_row())

    def _propose_slot(self) -> None:
        """An assigned case may already have a slot offered, awaiting the customer's answer."""
        day = self.today + timedelta(days=self.rng.randint(1, 6))
        if day.weekday() == 6:
            day += timedelta(days=1)
        start = at_minute(day, slot_minute(self.rng, self.seed.profile.contact_window))
        created = self.at(office(self.rng))
        aid = self.world.ids.take("appointments")
        self.rows.appointments.append({
            "id": aid, "case_id": self.case_id, "team_id": self.team.id if self.team else None,
            "slot_start": to_utc(start), "slot_end": to_utc(start + timedelta(hours=1)),
            "state": "proposed", "token_hash": token_hash(self.world.cfg.seed, "appt", aid),
            "token_expires_at": to_utc(start - timedelta(hours=2)), "token_used_at": None,
            "created_at": to_utc(created), "version": 1})

    def _case_row(self) -> dict[str, Any]:
        c, seed = self.case, self.seed
        return {
            "id": c.id, "case_no": f"AJ{self.opened:%Y%m}{c.id:07d}", "customer_id": c.customer_id,
            "account_id": seed.account.id, "branch_id": c.branch_id,
            "case_type": c.case_type.value, "business_line": c.business_line.value,
            "state": c.state.value, "priority": c.priority,
            "overdue_amount": seed.overdue_amount, "amount_at_stake": seed.amount_at_stake,
            "owner_team_id": c.owner_team_id,
            "plan_id": plan_for(self.world.plans, c.business_line.value, c.branch_id,
                                self.opened.date()),
            "sla_due": to_utc(self.sla_local), "opened_at": c.opened_at,
            "closed_at": c.closed_at, "failed_attempts": c.failed_attempts,
            "summary": case_summary(seed), "version": c.version,
            "updated_at": to_utc(self.cursor)}


def write_case(rng: Random, world: World, seed: CaseSeed, rows: CaseRows) -> None:
    """Generate one case, from its path to every row it leaves."""
    steps = build_path(rng, seed)
    back = sum(s.gap for s in steps) + tail_days(rng, seed.target, steps)
    opened = at_minute(world.cfg.as_of - timedelta(days=back), rng.randint(480, 540))
    story = CaseStory(rng, world, seed, rows, opened)
    story.run(steps)
    if story.case.state != ended_in(seed.target):
        raise AssertionError(f"case {story.case_id} ended in {story.case.state}, "
                             f"not {seed.target}")
