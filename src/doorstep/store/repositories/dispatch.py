"""Dispatch data: a branch-day's visits, and stored route plans with their stops."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from doorstep.core.clock import local
from doorstep.store.repositories.teams import TeamRepository
from doorstep.store.tables import appointments, cases, customers
from doorstep.store.tables_dispatch import route_plans, route_stops
from doorstep.store.tables_screening import screening_selections
from doorstep.visits.dispatch.model import (
    BranchDay,
    StoredPlan,
    StoredStop,
    VisitCandidate,
    day_bounds,
)

FLEXIBLE_STATES = ("assigned", "follow_up")
STOP_FIELDS = tuple(StoredStop.__dataclass_fields__)


def _naive_local(at: datetime) -> datetime:
    return local(at).replace(tzinfo=None)


def _candidate(r: Any, fixed: bool) -> VisitCandidate:
    return VisitCandidate(
        case_id=r.case_id, case_no=r.case_no, customer_name=r.name, lat=r.lat, lon=r.lon,
        case_type=r.case_type, business_line=r.business_line, state=r.state,
        priority=r.priority, amount_at_stake=r.amount_at_stake, overdue=r.overdue_amount > 0,
        preferred_contact_times=r.preferred_contact_times,
        appointment_id=r.appointment_id if fixed else None,
        slot_start=_naive_local(r.slot_start) if fixed else None,
        slot_end=_naive_local(r.slot_end) if fixed else None,
        team_id=r.team_id if fixed else r.owner_team_id,
        benefit=float(r.benefit or 0.0),
        sla_due=_naive_local(r.sla_due) if r.sla_due is not None else None)


def _pk(result: Any) -> int:
    """The new row's id."""
    return int(result.inserted_primary_key[0])


class DispatchRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.teams = TeamRepository(conn)

    def _case_cols(self) -> list[Any]:
        return [cases.c.id.label("case_id"), cases.c.case_no, customers.c.name, customers.c.lat,
                customers.c.lon, cases.c.case_type, cases.c.business_line, cases.c.state,
                cases.c.priority, cases.c.amount_at_stake, cases.c.overdue_amount,
                customers.c.preferred_contact_times, cases.c.owner_team_id, cases.c.sla_due,
                select(func.max(screening_selections.c.expected_benefit))
                .where(screening_selections.c.case_id == cases.c.id)
                .scalar_subquery().label("benefit")]

    def _confirmed_query(self, cols: list[Any], branch_id: int, day: date) -> Any:
        lo, hi = day_bounds(day)
        return (select(*cols).select_from(appointments)
                .join(cases, cases.c.id == appointments.c.case_id)
                .join(customers, customers.c.id == cases.c.customer_id)
                .where(cases.c.branch_id == branch_id, appointments.c.state == "confirmed",
                       appointments.c.slot_start >= lo, appointments.c.slot_start < hi,
                       cases.c.state == "scheduled"))

    def _flexible_query(self, cols: list[Any], branch_id: int, limit: int) -> Any:
        return (select(*cols).join(customers, customers.c.id == cases.c.customer_id)
                .where(cases.c.branch_id == branch_id, cases.c.state.in_(FLEXIBLE_STATES),
                       customers.c.do_not_visit.is_(False),
                       customers.c.under_regulator_complaint.is_(False))
                .order_by(cases.c.priority, cases.c.amount_at_stake.desc(), cases.c.id)
                .limit(limit))

    def confirmed(self, branch_id: int, day: date) -> list[VisitCandidate]:
        cols = [*self._case_cols(), appointments.c.id.label("appointment_id"),
                appointments.c.slot_start, appointments.c.slot_end, appointments.c.team_id]
        q = self._confirmed_query(cols, branch_id, day).order_by(appointments.c.slot_start,
                                                                 appointments.c.id)
        return [_candidate(r, True) for r in self.conn.execute(q)]

    def flexible(self, branch_id: int, exclude: set[int], limit: int = 200) -> list[VisitCandidate]:
        q = self._flexible_query(self._case_cols(), branch_id, limit)
        return [_candidate(r, False) for r in self.conn.execute(q) if r.case_id not in exclude]

    def visit_count(self, branch_id: int, day: date, limit: int = 200) -> int:
        """``len(branch_day(branch_id, day).visits)`` in one statement, without building the
        visits: confirmed ones (cases in ``scheduled``) plus flexible ones up to ``limit``
        (cases in FLEXIBLE_STATES, so none is counted twice)."""
        fixed = self._confirmed_query([func.count()], branch_id, day).scalar_subquery()
        flexible = self._flexible_query([cases.c.id], branch_id, limit).subquery()
        q = select(fixed + select(func.count()).select_from(flexible).scalar_subquery())
        return int(self.conn.execute(q).scalar_one())

    def branches(self) -> list[tuple[int, str]]:
        """Every branch as (id, code), in id order."""
        from doorstep.store.tables import branches

        return [(r.id, r.code) for r in self.conn.execute(
            select(branches.c.id, branches.c.code).order_by(branches.c.id))]

    def confirmed_count(self, branch_id: int, day: date) -> int:
        """Confirmed appointments of the branch on ``day`` (cases in ``scheduled``)."""
        q = self._confirmed_query([func.count()], branch_id, day)
        return int(self.conn.execute(q).scalar_one())

    def branch_day(self, branch_id: int, day: date) -> BranchDay:
        b = self.teams.branch(branch_id)
        fixed = self.confirmed(branch_id, day)
        flexible = self.flexible(branch_id, {c.case_id for c in fixed})
        return BranchDay(b.id, b.code, b.name, b.lat, b.lon, day,
                         tuple(self.teams.teams_of_branch(branch_id)), tuple(fixed + flexible))

    def save_plan(self, plan: StoredPlan) -> int:
        pid = _pk(self.conn.execute(insert(route_plans).values(
            branch_id=plan.branch_id, day=plan.day, created_at=plan.created_at,
            created_by=plan.created_by, status=plan.status, stats=plan.stats,
            unassigned=plan.unassigned)))
        self.conn.execute(update(route_plans).where(
            route_plans.c.branch_id == plan.branch_id, route_plans.c.day == plan.day,
            route_plans.c.id != pid, route_plans.c.status == "active").values(status="superseded"))
        if plan.stops:
            self.conn.execute(insert(route_stops), [
                {"route_plan_id": pid, **{k: getattr(s, k) for k in STOP_FIELDS}}
                for s in plan.stops])
        return pid

    def latest(self, branch_id: int, day: date) -> StoredPlan | None:
        row = self.conn.execute(select(route_plans).where(
            route_plans.c.branch_id == branch_id, route_plans.c.day == day,
            route_plans.c.status == "active").order_by(route_plans.c.id.desc())).first()
        if row is None:
            return None
        stops = self.conn.execute(select(route_stops).where(
            route_stops.c.route_plan_id == row.id).order_by(route_stops.c.team_id,
                                                           route_stops.c.seq))
        return StoredPlan(row.id, row.branch_id, row.day, row.created_at, row.created_by,
                          row.status, dict(row.stats), list(row.unassigned),
                          tuple(StoredStop(s.team_id, s.case_id, s.appointment_id, s.seq,
                                           s.arrival, s.departure, s.travel_minutes, s.status)
                                for s in stops), row.version)

    def plans_touching_appointment(self, appointment_id: int) -> list[tuple[int, date]]:
        q = (select(route_plans.c.branch_id, route_plans.c.day).join(
            route_stops, route_stops.c.route_plan_id == route_plans.c.id)
            .where(and_(route_stops.c.appointment_id == appointment_id,
                        route_plans.c.status == "active")).distinct())
        return [(r.branch_id, r.day) for r in self.conn.execute(q)]

    def days_with_case(self, case_id: int, since: date) -> list[tuple[int, date]]:
        """(branch, day) of the active plans from ``since`` on with a stop for the case."""
        q = (select(route_plans.c.branch_id, route_plans.c.day).join(
            route_stops, route_stops.c.route_plan_id == route_plans.c.id)
            .where(route_stops.c.case_id == case_id, route_plans.c.status == "active",
                   route_plans.c.day >= since).distinct())
        return [(r.branch_id, r.day) for r in self.conn.execute(q)]

    def drop_plan(self, plan_id: int) -> None:
        self.conn.execute(delete(route_stops).where(route_stops.c.route_plan_id == plan_id))
        self.conn.execute(delete(route_plans).where(route_plans.c.id == plan_id))
