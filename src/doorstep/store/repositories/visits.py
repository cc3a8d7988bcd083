"""Visit records in the database: visits, evidence, contacts, the day's agenda, the brief."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from doorstep.core.clock import naive_utc, utc
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.screening.model.reasons import stored_reason_words
from doorstep.store.tables import (
    appointments,
    branches,
    cases,
    complaints,
    contacts,
    customers,
    evidence,
    staff,
    teams,
    visits,
)
from doorstep.store.tables_screening import screening_selections
from doorstep.visits.appointments.ports import StoredAppointment
from doorstep.visits.records.model import DuplicateSubmission
from doorstep.visits.records.ports import (
    AgendaItem,
    CustomerPoint,
    EvidenceFile,
    OpenComplaint,
    PlannedStop,
    StoredVisit,
    TeamMember,
    VisitSummary,
)


def reason_words(code: Any) -> str:
    """A stored screening reason in words: its text (``{'code': 'dpd', 'text': 'overdue'}`` ->
    ``overdue``), else its feature or code; plain strings as they are."""
    if isinstance(code, dict):
        return stored_reason_words(code)
    return str(code)


class VisitRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def by_key(self, key: str) -> StoredVisit | None:
        """The stored visit for an idempotency key, with its case's state now."""
        row = self.conn.execute(
            select(visits.c.id, visits.c.case_id, visits.c.outcome,
                   visits.c.check_in_distance_m, visits.c.check_in_flagged,
                   cases.c.state.label("case_state"))
            .join(cases, cases.c.id == visits.c.case_id)
            .where(visits.c.idempotency_key == key)
        ).first()
        if row is None:
            return None
        return StoredVisit(row.id, row.case_id, row.outcome, row.check_in_distance_m,
                           bool(row.check_in_flagged), row.case_state)

    def add(self, **values: Any) -> int:
        """Insert a visit; a second row with the same key raises DuplicateSubmission."""
        try:
            key = self.conn.execute(insert(visits).values(**values)).inserted_primary_key
        except IntegrityError as exc:
            if "idempotency" in str(exc.orig).lower():
                raise DuplicateSubmission(key=values["idempotency_key"]) from exc
            raise
        assert key is not None
        return int(key[0])

    def set_approval(self, visit_id: int, approval_id: int) -> None:
        """Mark the visit as waiting for (or decided by) an override approval."""
        self.conn.execute(update(visits).where(visits.c.id == visit_id)
                          .values(approval_id=approval_id))

    def add_evidence(self, **values: Any) -> int:
        key = self.conn.execute(insert(evidence).values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def contact_times(self, case_id: int) -> list[datetime]:
        rows = self.conn.execute(select(contacts.c.at).where(contacts.c.case_id == case_id))
        return [utc(r) for r in rows.scalars()]

    def team(self, team_id: int) -> list[TeamMember]:
        """The active team's members: id, name, staff number, and the branch name."""
        t = self.conn.execute(select(teams).where(teams.c.id == team_id)).first()
        if t is None or not t.active:
            raise NotFound(entity=Msg(N_("Team")), id=team_id)
        return [TeamMember(**r._mapping) for r in self.conn.execute(
            select(staff.c.id, staff.c.name, staff.c.staff_no,
                   branches.c.name.label("branch_name"))
            .join(branches, branches.c.id == staff.c.branch_id)
            .where(staff.c.id.in_([t.member_a_id, t.member_b_id])).order_by(staff.c.id))]

    def appointment(self, appointment_id: int) -> StoredAppointment:
        row = self.conn.execute(
            select(appointments).where(appointments.c.id == appointment_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Appointment")), id=appointment_id)
        return StoredAppointment(**row._mapping)

    def customer_point(self, customer_id: int) -> CustomerPoint:
        row = self.conn.execute(
            select(customers.c.lat, customers.c.lon, customers.c.phone_enc)
            .where(customers.c.id == customer_id)).one()
        return CustomerPoint(row.lat, row.lon, row.phone_enc)

    def agenda(self, staff_id: int, start: datetime, end: datetime) -> list[AgendaItem]:
        """The appointments of the staff member's teams between ``start`` and ``end``."""
        mine = select(teams.c.id).where(
            or_(teams.c.member_a_id == staff_id, teams.c.member_b_id == staff_id))
        done = exists().where(visits.c.appointment_id == appointments.c.id)
        return [AgendaItem(**{**r._mapping, "visited": bool(r.visited)})
                for r in self.conn.execute(
            select(appointments.c.id, appointments.c.case_id, appointments.c.team_id,
                   appointments.c.slot_start, appointments.c.slot_end, appointments.c.state,
                   cases.c.case_no, cases.c.state.label("case_state"), cases.c.case_type,
                   customers.c.name.label("customer_name"), customers.c.district,
                   customers.c.lat, customers.c.lon, done.label("visited"))
            .join(cases, cases.c.id == appointments.c.case_id)
            .join(customers, customers.c.id == cases.c.customer_id)
            .where(appointments.c.team_id.in_(mine),
                   appointments.c.slot_start >= naive_utc(start),
                   appointments.c.slot_start < naive_utc(end),
                   appointments.c.state.in_(("confirmed", "rescheduled", "proposed")))
            .order_by(appointments.c.slot_start, appointments.c.id))]

    def route_agenda(self, staff_id: int, day: date, start: datetime,
                     end: datetime) -> list[PlannedStop]:
        """The staff member's teams' stops in the day's active route plans, in route order."""
        from doorstep.store.tables_dispatch import route_plans, route_stops

        mine = select(teams.c.id).where(
            or_(teams.c.member_a_id == staff_id, teams.c.member_b_id == staff_id))
        done = exists().where(visits.c.case_id == route_stops.c.case_id,
                              visits.c.created_at >= naive_utc(start),
                              visits.c.created_at < naive_utc(end))
        return [PlannedStop(**{**r._mapping, "visited": bool(r.visited)})
                for r in self.conn.execute(
            select(route_stops.c.appointment_id.label("id"), route_stops.c.case_id,
                   route_stops.c.team_id, route_stops.c.seq, route_stops.c.arrival,
                   route_stops.c.departure, route_stops.c.travel_minutes,
                   cases.c.case_no, cases.c.state.label("case_state"), cases.c.case_type,
                   customers.c.name.label("customer_name"), customers.c.district,
                   customers.c.lat, customers.c.lon, done.label("visited"))
            .join(route_plans, route_plans.c.id == route_stops.c.route_plan_id)
            .join(cases, cases.c.id == route_stops.c.case_id)
            .join(customers, customers.c.id == cases.c.customer_id)
            .where(route_stops.c.team_id.in_(mine), route_plans.c.day == day,
                   route_plans.c.status == "active")
            .order_by(route_stops.c.team_id, route_stops.c.seq))]

    def history(self, case_id: int) -> list[VisitSummary]:
        return [VisitSummary(**r._mapping) for r in self.conn.execute(
            select(visits.c.id, visits.c.check_in_at, visits.c.outcome, visits.c.findings,
                   visits.c.check_in_flagged)
            .where(visits.c.case_id == case_id).order_by(visits.c.id.desc()).limit(10))]

    def last_recorded_at(self, case_id: int) -> datetime | None:
        """When the case's latest visit record was written (None before the first)."""
        at: datetime | None = self.conn.execute(select(func.max(visits.c.created_at)).where(
            visits.c.case_id == case_id)).scalar_one()
        return at

    def open_complaints(self, customer_id: int) -> list[OpenComplaint]:
        return [OpenComplaint(**r._mapping) for r in self.conn.execute(
            select(complaints.c.id, complaints.c.category, complaints.c.text,
                   complaints.c.severity, complaints.c.received_at)
            .where(complaints.c.customer_id == customer_id, complaints.c.closed_at.is_(None))
            .order_by(complaints.c.received_at.desc()))]

    def reason_codes(self, customer_id: int) -> list[str]:
        """The screening reason codes of the customer's latest selection, if any."""
        row = self.conn.execute(
            select(screening_selections.c.reason_codes)
            .where(screening_selections.c.customer_id == customer_id)
            .order_by(screening_selections.c.id.desc()).limit(1)).scalar()
        return [reason_words(c) for c in row] if isinstance(row, list) else []

    def evidence_of(self, visit_id: int) -> list[EvidenceFile]:
        return [EvidenceFile(**r._mapping) for r in self.conn.execute(
            select(evidence).where(evidence.c.visit_id == visit_id).order_by(evidence.c.id))]

    def count_by_key_prefix(self, prefix: str) -> int:
        return int(self.conn.execute(
            select(func.count()).select_from(visits)
            .where(visits.c.idempotency_key.like(f"{prefix}%"))).scalar_one())
