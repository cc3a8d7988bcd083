"""Booking a slot and going to the door: appointments confirmed by the customer, visits by
the full team inside the visit window (or nobody at home), and the survey that follows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from random import Random
from typing import Any

from doorstep.cases import compliance
from doorstep.cases.lifecycle import Command
from doorstep.cases.model import CaseType
from doorstep.demo.context import at_minute, to_utc
from doorstep.demo.data_visits import OVERRIDE_REASONS
from doorstep.demo.paths import Step, office, slot_minute
from doorstep.demo.records import (
    answered_at,
    check_in_place,
    staff_present,
    survey_answer,
    token_hash,
    visit_texts,
)
from doorstep.demo.selection import CaseSeed
from doorstep.demo.settlements import Agreement
from doorstep.demo.story import CaseRows, StoryBase, World

#: Minutes between the latest slot a team books and its shift's end: the hour of the slot,
#: the visit and the drive back.
SLOT_MARGIN = 105
FAMILY_PRESENT = "客户家属在场（经客户同意），未向其透露欠款信息。"


class VisitSteps(StoryBase):
    """Handlers of ``book``, ``visit`` and ``fail`` steps."""

    def __init__(self, rng: Random, world: World, seed: CaseSeed, rows: CaseRows,
                 opened: datetime) -> None:
        super().__init__(rng, world, seed, rows, opened)
        self.appointment: dict[str, Any] = {}
        self.slot_start = opened
        self.last_visit_id: int | None = None
        self.last_visit_end = opened
        self.agreement = Agreement({})
        self.plan_dues: list[date] = []

    def _slot_day(self, step: Step) -> date:
        """Booked ``lead`` days ahead; no visits on Sundays; a pending slot is not past."""
        day = self.day + timedelta(days=step.lead)
        if step.final:
            day = max(day, self.today)
        if day.weekday() == 6:
            earlier = day - timedelta(days=1)
            day = earlier if not step.final or earlier >= self.today else day + timedelta(days=1)
        return day

    def _appointment(self, created: datetime, start: datetime, state: str,
                     used: datetime | None) -> dict[str, Any]:
        aid = self.world.ids.take("appointments")
        row = {"id": aid, "case_id": self.case_id, "team_id": self.team.id if self.team else None,
               "slot_start": to_utc(start), "slot_end": to_utc(start + timedelta(hours=1)),
               "state": state, "token_hash": token_hash(self.world.cfg.seed, "appt", aid),
               "token_expires_at": to_utc(start - timedelta(hours=2)),
               "token_used_at": to_utc(used) if used else None, "created_at": to_utc(created),
               "version": 1 if state != "rescheduled" else 2}
        self.rows.appointments.append(row)
        return row

    def step_book(self, step: Step) -> None:
        at = self.at(office(self.rng))
        actor = self.dispatcher()
        up = self.upcoming
        minute = up.minute if up is not None and up.kind in ("visit", "fail") else slot_minute(
            self.rng, self.seed.profile.contact_window)
        if self.team is not None:  # booked inside the team's shift, with time to get back
            lo, hi = self.team.hours
            minute = min(max(minute, lo), hi - SLOT_MARGIN) // 30 * 30
        start = at_minute(self._slot_day(step), minute)
        created = at
        if self.rng.random() < 0.1:
            shift = self.rng.choice((-1, 1))
            moved_from = start + timedelta(days=shift)
            if moved_from.weekday() == 6:
                moved_from = start - timedelta(days=shift)
            created = at + timedelta(minutes=self.rng.randint(10, 40))
            self._appointment(at, moved_from, "rescheduled", created)
        confirmed_at = created + timedelta(minutes=self.rng.randint(3, 40))
        self.appointment = self._appointment(created, start, "confirmed", confirmed_at)
        self.slot_start = start
        self.contact(at, "sms" if step.by_sms else "phone", "appointment_confirmed",
                     not step.by_sms, self.lead_staff())
        extra = self.regulator_override(at, actor, OVERRIDE_REASONS["regulator_complaint"][0])
        self.move(Command.SCHEDULE, at, actor, self.facts(appointment_confirmed=True), extra)
        self.sla_local = start + timedelta(hours=1)

    def step_visit(self, step: Step) -> None:
        self._attempt(met=True)

    def step_fail(self, step: Step) -> None:
        self._attempt(met=False)

    def _outcome(self, met: bool) -> str | None:
        if not met:
            return "not_at_home"
        fixed = self.seed.is_debt or self.seed.case_type == CaseType.ACCOUNT_PROBLEM
        return {"resolve": "resolved_fixed" if fixed else "resolved_explained",
                "monitor": "repayment_plan", "follow_up": "follow_up",
                "escalate": "refused"}.get(self.next_kind or "")

    def _visit_row(self, met: bool, check_in: datetime, check_out: datetime,
                   outcome: str | None) -> int:
        assert self.team is not None
        vid = self.world.ids.take("visits")
        lat, lon, meters, flagged = check_in_place(self.rng, self.seed.profile.lat,
                                                   self.seed.profile.lon)
        family = met and self.seed.is_debt and self.rng.random() < 0.08
        self.rows.visits.append({
            "id": vid, "case_id": self.case_id, "appointment_id": self.appointment["id"],
            "team_id": self.team.id, "idempotency_key": f"demo-{self.world.cfg.seed}-{vid}",
            "check_in_at": to_utc(check_in), "check_in_lat": lat, "check_in_lon": lon,
            "check_in_distance_m": meters, "check_in_flagged": flagged,
            "check_out_at": to_utc(check_out), "staff_present": staff_present(self.team),
            **visit_texts(self.rng, self.seed, outcome, self.rng.random() < 0.72),
            "third_parties": FAMILY_PRESENT if family else "", "outcome": outcome,
            "created_at": to_utc(check_out + timedelta(minutes=self.rng.randint(2, 15)))})
        return vid

    def _attempt(self, met: bool) -> None:
        start = self.slot_start
        self.day = start.date()
        check_in = max(start + timedelta(minutes=self.rng.randint(-10, 10)),
                       at_minute(self.day, 540))
        minutes = self.rng.randint(35, 70) if met else self.rng.randint(8, 20)
        check_out = min(check_in + timedelta(minutes=minutes), at_minute(self.day, 1199))
        self.cursor = check_out
        self.visit_attempts += 1
        self.contact(check_in, "visit", "met" if met else "not_at_home", met, self.lead_staff())
        outcome = self._outcome(met)
        vid = self._visit_row(met, check_in, check_out, outcome)
        actor = self.field_actor()
        at = self.at(check_out.hour * 60 + check_out.minute + self.rng.randint(2, 10))
        if met:
            self.last_visit_id, self.last_visit_end = vid, check_out
            in_hours = compliance.check_visit_window(self.world.policy, to_utc(check_in),
                                                     to_utc(check_out)) is None
            facts = self.facts(visit_recorded=True, visit_staff_count=len(staff_present(
                self.team)) if self.team else 0, visit_inside_allowed_hours=in_hours)
            extra = self.regulator_override(check_in, actor,
                                            OVERRIDE_REASONS["regulator_complaint"][1])
            self.move(Command.RECORD_VISIT, at, actor, facts, extra)
            self._survey(vid, check_out, outcome or "pending")
            self.sla_local = at + timedelta(days=3)
        else:
            self.appointment.update(state="missed", version=2)
            self.move(Command.RECORD_FAILED_ATTEMPT, at, actor)
            self.sla_local = at + timedelta(days=14)

    def _survey(self, visit_id: int, visit_end: datetime, outcome: str) -> None:
        sid = self.world.ids.take("surveys")
        sent = visit_end + timedelta(hours=1)
        answered = answered_at(self.rng, sent, outcome, self.world.cfg.now_local)
        csat, nps, comment = survey_answer(self.rng, outcome)
        self.rows.surveys.append({
            "id": sid, "case_id": self.case_id, "visit_id": visit_id,
            "token_hash": token_hash(self.world.cfg.seed, "survey", sid),
            "sent_at": to_utc(sent), "answered_at": to_utc(answered) if answered else None,
            "csat": csat if answered else None, "nps": nps if answered else None,
            "comment": comment if answered else None, "dissatisfaction": None})
