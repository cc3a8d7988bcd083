"""An in-memory unit of work for fast use-case tests: no database, a fixed clock.

``FakeUnitOfWork`` has the members of ``core.uow.UnitOfWork``. The repositories the main
use cases touch (cases, appointments, agreements, contacts, legal, teams, users, approvals,
dispatch, visits, screening, and the holdout part of evaluation) are in-memory fakes of
their capability's port; every other member is
``Unused``, which fails loudly if a use case reaches it. ``commits`` counts
``commit()`` calls, ``audited`` keeps the audit entries committed and ``pending_audit``
those not committed yet. The fake does not roll back: a test that expects a refusal
asserts that nothing was committed and that no write reached the fake.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Self

from doorstep.approvals.model import Kind, Request, State
from doorstep.auth.model import UserRecord
from doorstep.cases.model import Case
from doorstep.cases.ports import LatestVisit
from doorstep.contacts.model import Contact, NewContact
from doorstep.core.access import Role
from doorstep.core.audit import AuditEntry
from doorstep.core.clock import FixedClock
from doorstep.core.errors import NotFound, StaleVersion
from doorstep.legal.model import Mediation
from doorstep.teams.model import Team
from doorstep.visits.dispatch.model import BranchDay, StoredPlan
from doorstep.visits.records.model import DuplicateSubmission
from doorstep.visits.records.ports import CustomerPoint, StoredVisit, TeamMember
from tests.unit.fakes_screening import FakeEvaluation, FakeScreening


class Unused:
    """A repository the use case under test must not touch."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        raise AssertionError(f"the use case reached uow.{self._name}.{attr}, "
                             "which this fake does not provide")


@dataclass
class FakeCases:
    """``cases.ports.CaseRepository`` over a dict; ``save`` checks the version like the store."""

    rows: dict[int, Case] = field(default_factory=dict)
    teams: dict[int, list[int]] = field(default_factory=dict)
    flags: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    visits: dict[int, LatestVisit] = field(default_factory=dict)
    saves: int = 0

    def get(self, case_id: int) -> Case:
        if case_id not in self.rows:
            raise NotFound(entity="case", id=case_id)
        return self.rows[case_id]

    def save(self, case: Case, expected_version: int, at: datetime) -> None:
        assert case.id is not None
        current = self.get(case.id)
        if current.version != expected_version:
            raise StaleVersion(current=current.version, given=expected_version)
        self.rows[case.id] = case
        self.saves += 1

    def team_members(self, team_id: int) -> list[int]:
        return self.teams.get(team_id, [])

    def latest_visit(self, case_id: int) -> LatestVisit | None:
        return self.visits.get(case_id)

    def visit_attempts(self, case_id: int) -> int:
        return 0

    def customer_flags(self, customer_id: int) -> tuple[bool, bool]:
        return self.flags.get(customer_id, (False, False))

    def add_exception(self, case_id: int | None, rule: str, detail: str, approver: str,
                      reason: str, actor: str, at: datetime, decision: str = "approved",
                      approval_id: int | None = None) -> int:
        self.exceptions.append({"case_id": case_id, "rule": rule, "approver": approver,
                                "decision": decision, "approval_id": approval_id})
        return len(self.exceptions)


@dataclass
class FakeAppointments:
    confirmed: set[int] = field(default_factory=set)

    def has_confirmed(self, case_id: int) -> bool:
        return case_id in self.confirmed


@dataclass
class FakeAgreements:
    kept: set[int] = field(default_factory=set)

    def kept_for_case(self, case_id: int) -> bool:
        return case_id in self.kept


@dataclass
class FakeContacts:
    contacts: list[Contact] = field(default_factory=list)
    months: dict[int, list[tuple[date, int]]] = field(default_factory=dict)

    def add(self, new: NewContact, recorded_by: str) -> int:
        self.contacts.append(Contact(len(self.contacts) + 1, new.case_id, new.channel.value,
                                     new.party.value, new.relation, str(new.outcome), new.at,
                                     new.proof.value, new.staff_id, recorded_by))
        return len(self.contacts)

    def of_case(self, case_id: int) -> list[Contact]:
        return [c for c in self.contacts if c.case_id == case_id]

    def overdue_months(self, case_id: int) -> list[tuple[date, int]]:
        return self.months.get(case_id, [])


@dataclass
class FakeVisits:
    """``visits.records.ports.VisitRepository``: visits kept by idempotency key."""

    points: dict[int, CustomerPoint] = field(default_factory=dict)
    members: dict[int, list[TeamMember]] = field(default_factory=dict)
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    case_states: dict[int, str] = field(default_factory=dict)

    def last_recorded_at(self, case_id: int) -> datetime | None:
        """Visits written in the fake carry no time: none is ever "before" a confirmation."""
        return None

    def by_key(self, key: str) -> StoredVisit | None:
        v = self.rows.get(key)
        if v is None:
            return None
        return StoredVisit(v["id"], v["case_id"], v["outcome"], v["check_in_distance_m"],
                           v["check_in_flagged"], self.case_states.get(v["case_id"], ""))

    def add(self, **values: Any) -> int:
        if values["idempotency_key"] in self.rows:
            raise DuplicateSubmission(key=values["idempotency_key"])
        self.rows[values["idempotency_key"]] = {**values, "id": len(self.rows) + 1}
        return len(self.rows)

    def customer_point(self, customer_id: int) -> CustomerPoint:
        return self.points[customer_id]

    def contact_times(self, case_id: int) -> list[datetime]:
        return []

    def team(self, team_id: int) -> list[TeamMember]:
        return self.members[team_id]


@dataclass
class FakeLegal:
    mediations: dict[int, Mediation] = field(default_factory=dict)

    def mediation_of(self, case_id: int) -> Mediation | None:
        return self.mediations.get(case_id)


@dataclass
class FakeTeams:
    teams: dict[int, Team] = field(default_factory=dict)

    def get(self, team_id: int) -> Team:
        return self.teams[team_id]


@dataclass
class FakeUsers:
    users: dict[str, UserRecord] = field(default_factory=dict)

    def by_username(self, username: str) -> UserRecord | None:
        return self.users.get(username)

    def add_user(self, username: str, role: Role, branch_id: int | None = None) -> UserRecord:
        """A test helper (not a port method): a login of ``role``."""
        user = UserRecord(len(self.users) + 1, username, username, "-", role.value, branch_id,
                          None, "zh-CN", 0, None, True)
        self.users[username] = user
        return user


@dataclass
class FakeApprovals:
    """``approvals.ports.ApprovalRepository``: requests kept by id, decided in place."""

    rows: dict[int, Request] = field(default_factory=dict)

    def add(self, *, kind: Kind, subject_type: str, subject_id: int, branch_id: int | None,
            amount: Decimal, summary: str, payload: dict[str, Any], requested_by: str,
            requested_at: datetime, reason: str) -> int:
        new_id = len(self.rows) + 1
        self.rows[new_id] = Request(new_id, kind, subject_type, subject_id, branch_id, amount,
                                    summary, payload, State.PENDING, requested_by,
                                    requested_at, reason)
        return new_id

    def get(self, approval_id: int) -> Request:
        if approval_id not in self.rows:
            raise NotFound(entity="approval", id=approval_id)
        return self.rows[approval_id]

    def pending_for_subject(self, subject_type: str, subject_id: int) -> Request | None:
        return next((r for r in self.rows.values() if r.state == State.PENDING
                     and (r.subject_type, r.subject_id) == (subject_type, subject_id)), None)

    def decide(self, request: Request, state: State, by: str, at: datetime,
               reason: str) -> None:
        stored = self.get(request.id)
        if stored.version != request.version:
            raise StaleVersion(current=stored.version, given=request.version)
        self.rows[request.id] = replace(stored, state=state, decided_by=by, decided_at=at,
                                        decision_reason=reason, version=stored.version + 1)


@dataclass
class FakeDispatch:
    """``visits.dispatch.ports.DispatchRepository`` for one planned branch-day."""

    day: BranchDay | None = None
    plans: list[StoredPlan] = field(default_factory=list)

    def branch_day(self, branch_id: int, day: date) -> BranchDay:
        assert self.day is not None and (self.day.branch_id, self.day.day) == (branch_id, day)
        return self.day

    def latest(self, branch_id: int, day: date) -> StoredPlan | None:
        found = [p for p in self.plans if (p.branch_id, p.day) == (branch_id, day)]
        return found[-1] if found else None

    def confirmed_count(self, branch_id: int, day: date) -> int:
        return 0

    def save_plan(self, plan: StoredPlan) -> int:
        stored = replace(plan, id=len(self.plans) + 1)
        self.plans.append(stored)
        return stored.id


class FakeAuditTrail:
    """Reads back the unit's own audit entries, newest first (the presence rule reads them)."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow

    def events(self, entity: str | None, entity_id: str | None, actor: str | None,
               before_seq: int | None, limit: int) -> list[Any]:
        rows = [e for e in self.uow.audited + self.uow.pending_audit
                if (entity is None or e.entity == entity)
                and (entity_id is None or e.entity_id == entity_id)
                and (actor is None or e.actor == actor)]
        return list(reversed(rows))[:limit]


class FakeUnitOfWork:
    """The services' unit of work in memory: fixed clock, commit counter, audit list."""

    def __init__(self, clock: FixedClock | None = None) -> None:
        self.clock = clock or FixedClock()
        self.commits = 0
        self.checkpoints = 0
        self.audited: list[AuditEntry] = []
        self.pending_audit: list[AuditEntry] = []
        self.cases = FakeCases()
        self.appointments = FakeAppointments()
        self.agreements = FakeAgreements()
        self.contacts = FakeContacts()
        self.legal = FakeLegal()
        self.teams = FakeTeams()
        self.users = FakeUsers()
        self.approvals = FakeApprovals()
        self.dispatch = FakeDispatch()
        self.visits = FakeVisits()
        self.screening = FakeScreening()
        self.evaluation = FakeEvaluation()
        self.audit_trail = FakeAuditTrail(self)
        for name in ("customers", "plans", "casebook", "training", "improvement", "jobs",
                     "intake"):
            setattr(self, name, Unused(name))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        self.audited += self.pending_audit
        self.pending_audit = []
        self.commits += 1

    def checkpoint(self) -> None:
        self.audited += self.pending_audit
        self.pending_audit = []
        self.checkpoints += 1

    def audit(self, entry: AuditEntry) -> None:
        self.pending_audit.append(entry)

    def actions(self) -> list[str]:
        """The actions audited so far, committed or not, in order."""
        return [e.action for e in self.audited + self.pending_audit]
