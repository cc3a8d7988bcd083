"""Cases in the database: load, save with optimistic locking, list, and gather guard facts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select, true, update

from doorstep.cases.model import OPEN_STATES, BusinessLine, Case, CaseState, CaseType
from doorstep.cases.ports import LatestVisit
from doorstep.cases.queries import (
    COUNT_CAP,
    AuditLine,
    CaseDetail,
    CaseListItem,
    CasePage,
    CaseQuery,
)
from doorstep.core.clock import utc
from doorstep.core.errors import NotFound, StaleVersion
from doorstep.core.i18n import N_, Msg
from doorstep.store.tables import (
    audit_events,
    branches,
    cases,
    compliance_exceptions,
    contacts,
    customers,
    plans,
    teams,
    visits,
)

_CASE_COLUMNS = [c for c in cases.c if c.name not in ("case_no", "account_id", "updated_at")]


def _to_case(row: Any) -> Case:
    m = row._mapping
    return Case(
        id=m["id"], customer_id=m["customer_id"], branch_id=m["branch_id"],
        case_type=CaseType(m["case_type"]), business_line=BusinessLine(m["business_line"]),
        state=CaseState(m["state"]), priority=m["priority"], overdue_amount=m["overdue_amount"],
        amount_at_stake=m["amount_at_stake"], owner_team_id=m["owner_team_id"],
        plan_id=m["plan_id"], sla_due=m["sla_due"], opened_at=m["opened_at"],
        closed_at=m["closed_at"], failed_attempts=m["failed_attempts"], summary=m["summary"],
        version=m["version"],
    )


def _to_item(row: Any) -> CaseListItem:
    m = row._mapping
    return CaseListItem(
        id=m["id"], case_no=m["case_no"], customer_id=m["customer_id"],
        customer_name=m["customer_name"], branch_id=m["branch_id"],
        branch_name=m["branch_name"], case_type=CaseType(m["case_type"]),
        business_line=BusinessLine(m["business_line"]), state=CaseState(m["state"]),
        priority=m["priority"], overdue_amount=m["overdue_amount"],
        amount_at_stake=m["amount_at_stake"], owner_team_id=m["owner_team_id"],
        sla_due=m["sla_due"], opened_at=m["opened_at"], version=m["version"],
    )


_ORDER = {
    "sla_due": (cases.c.sla_due.asc(), cases.c.id.asc()),
    "-sla_due": (cases.c.sla_due.desc(), cases.c.id.desc()),
    "priority": (cases.c.priority.asc(), cases.c.sla_due.asc(), cases.c.id.asc()),
    "-amount": (cases.c.amount_at_stake.desc(), cases.c.id.desc()),
    "-opened_at": (cases.c.opened_at.desc(), cases.c.id.desc()),
    "id": (cases.c.id.asc(),),
}


class CaseRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, case_id: int) -> Case:
        row = self.conn.execute(select(*_CASE_COLUMNS).where(cases.c.id == case_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Case")), id=case_id)
        return _to_case(row)

    def save(self, case: Case, expected_version: int, at: datetime) -> None:
        """Write the case back only if nobody changed it since ``expected_version``."""
        values = {c.name: getattr(case, c.name) for c in _CASE_COLUMNS if c.name != "id"}
        values["state"] = case.state.value
        values["updated_at"] = at.replace(tzinfo=None)
        result = self.conn.execute(
            update(cases).where(cases.c.id == case.id, cases.c.version == expected_version)
            .values(**values)
        )
        if result.rowcount != 1:
            current = self.conn.execute(
                select(cases.c.version).where(cases.c.id == case.id)
            ).scalar()
            raise StaleVersion(current=current, given=expected_version)

    def _filtered(self, q: CaseQuery, scope_branch: int | None, now: datetime) -> list[Any]:
        where: list[Any] = []
        if scope_branch is not None:
            where.append(cases.c.branch_id == scope_branch)
        if q.branch_id is not None:
            where.append(cases.c.branch_id == q.branch_id)
        if q.states:
            where.append(cases.c.state.in_([s.value for s in q.states]))
        for col, value in ((cases.c.business_line, q.business_line),
                           (cases.c.case_type, q.case_type), (cases.c.plan_id, q.plan_id),
                           (cases.c.owner_team_id, q.team_id), (cases.c.priority, q.priority)):
            if value is not None:
                where.append(col == value)
        if q.overdue_only:
            where.append(cases.c.sla_due < now.replace(tzinfo=None))
            where.append(cases.c.state.in_([s.value for s in OPEN_STATES]))
        if q.text.strip():
            t = q.text.strip()
            where.append(or_(cases.c.case_no == t, customers.c.name.startswith(t, autoescape=True),
                             customers.c.customer_no == t))
        return where

    def _base(self, *cols: Any) -> Select[Any]:
        return select(*cols).select_from(
            cases.join(customers, customers.c.id == cases.c.customer_id)
        )

    def page(self, q: CaseQuery, scope_branch: int | None, now: datetime) -> CasePage:
        """One page of cases, and the number matching (counted up to a cap)."""
        where = and_(true(), *self._filtered(q, scope_branch, now))
        stmt = (
            self._base(*[c for c in cases.c], customers.c.name.label("customer_name"),
                       branches.c.name.label("branch_name"))
            .join(branches, branches.c.id == cases.c.branch_id)
            .where(where).order_by(*_ORDER[q.sort])
            .limit(q.page_size).offset((q.page - 1) * q.page_size)
        )
        items = [_to_item(r) for r in self.conn.execute(stmt)]
        counted = self._base(cases.c.id) if q.text.strip() else select(cases.c.id)
        capped = counted.where(where).limit(COUNT_CAP + 1).subquery()
        total = int(self.conn.execute(select(func.count()).select_from(capped)).scalar_one())
        return CasePage(items=items, total=min(total, COUNT_CAP), total_is_capped=total > COUNT_CAP,
                        page=q.page, page_size=q.page_size)

    def counts_by_state(self, scope_branch: int | None) -> dict[CaseState, int]:
        stmt = select(cases.c.state, func.count()).group_by(cases.c.state)
        if scope_branch is not None:
            stmt = stmt.where(cases.c.branch_id == scope_branch)
        return {CaseState(state): int(n) for state, n in self.conn.execute(stmt)}

    def due_between(self, scope_branch: int | None, start: datetime, end: datetime,
                    limit: int) -> list[CaseListItem]:
        """Open cases whose SLA falls in [start, end), soonest first."""
        stmt = (
            self._base(*[c for c in cases.c], customers.c.name.label("customer_name"),
                       branches.c.name.label("branch_name"))
            .join(branches, branches.c.id == cases.c.branch_id)
            .where(cases.c.state.in_([s.value for s in OPEN_STATES]),
                   cases.c.sla_due >= utc(start).replace(tzinfo=None),
                   cases.c.sla_due < utc(end).replace(tzinfo=None))
            .order_by(cases.c.sla_due, cases.c.id).limit(limit)
        )
        if scope_branch is not None:
            stmt = stmt.where(cases.c.branch_id == scope_branch)
        return [_to_item(r) for r in self.conn.execute(stmt)]

    def detail(self, case_id: int, *, history: bool = True) -> CaseDetail:
        """The case with its names; ``history`` adds its audit trail (one more query)."""
        row = self.conn.execute(
            self._base(*[c for c in cases.c], customers.c.name.label("customer_name"),
                       branches.c.name.label("branch_name"), teams.c.name.label("team_name"),
                       plans.c.name.label("plan_name"))
            .join(branches, branches.c.id == cases.c.branch_id)
            .outerjoin(teams, teams.c.id == cases.c.owner_team_id)
            .outerjoin(plans, plans.c.id == cases.c.plan_id)
            .where(cases.c.id == case_id)
        ).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Case")), id=case_id)
        trail = [
            AuditLine(seq=h.seq, at=h.at, actor=h.actor, action=h.action, before=h.before,
                      after=h.after)
            for h in self.conn.execute(
                select(audit_events).where(audit_events.c.entity == "case",
                                           audit_events.c.entity_id == str(case_id))
                .order_by(audit_events.c.seq)
            )
        ] if history else []
        return CaseDetail(item=_to_item(row), summary=row.summary,
                          failed_attempts=row.failed_attempts, closed_at=row.closed_at,
                          team_name=row.team_name, plan_name=row.plan_name, history=trail)

    def team_members(self, team_id: int) -> list[int]:
        row = self.conn.execute(
            select(teams.c.member_a_id, teams.c.member_b_id, teams.c.active)
            .where(teams.c.id == team_id)
        ).first()
        if row is None or not row.active:
            raise NotFound(entity=Msg(N_("Team")), id=team_id)
        return [m for m in (row.member_a_id, row.member_b_id) if m is not None]

    def latest_visit(self, case_id: int) -> LatestVisit | None:
        row = self.conn.execute(
            select(visits.c.staff_present, visits.c.check_in_at, visits.c.check_out_at)
            .where(visits.c.case_id == case_id).order_by(visits.c.id.desc()).limit(1)
        ).first()
        if row is None:
            return None
        return LatestVisit(tuple(row.staff_present or ()), row.check_in_at, row.check_out_at)

    def visit_attempts(self, case_id: int) -> int:
        return int(self.conn.execute(
            select(func.count()).select_from(contacts)
            .where(contacts.c.case_id == case_id, contacts.c.channel == "visit")
        ).scalar_one())

    def add_exception(self, case_id: int | None, rule: str, detail: str, approver: str,
                      reason: str, actor: str, at: datetime, decision: str = "approved",
                      approval_id: int | None = None) -> int:
        """Record a compliance exception for the auditor: a breach let through by an
        approver (``approved``) or one an approver refused (``refused``, still on file)."""
        key = self.conn.execute(
            compliance_exceptions.insert().values(
                case_id=case_id, rule=rule, detail=detail, approver=approver, reason=reason,
                actor=actor, at=at.replace(tzinfo=None), decision=decision,
                approval_id=approval_id)
        ).inserted_primary_key
        assert key is not None
        return int(key[0])

    def customer_flags(self, customer_id: int) -> tuple[bool, bool]:
        row = self.conn.execute(
            select(customers.c.do_not_visit, customers.c.under_regulator_complaint)
            .where(customers.c.id == customer_id)
        ).one()
        return bool(row.do_not_visit), bool(row.under_regulator_complaint)

    def next_case_no(self, at: datetime) -> str:
        last = self.conn.execute(select(func.max(cases.c.id))).scalar() or 0
        return f"AJ{at:%Y%m}{last + 1:07d}"

    def add(self, case: Case, case_no: str, at: datetime) -> int:
        values = {c.name: getattr(case, c.name) for c in _CASE_COLUMNS if c.name != "id"}
        values.update(case_no=case_no, state=case.state.value, updated_at=at.replace(tzinfo=None))
        key = self.conn.execute(cases.insert().values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])
