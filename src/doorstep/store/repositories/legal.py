"""Legal records in the database: the review queue, mediations, extensions and agreements."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, String, cast, func, insert, select, update

from doorstep.core.clock import naive_utc, utc
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.legal.model import (
    CourtEvent,
    Extension,
    FailureReason,
    Mediation,
    MediationAgreement,
    MediationState,
)
from doorstep.legal.ports import EscalatedCase
from doorstep.store.repositories.legal_facts import LegalFactsReader
from doorstep.store.tables import (
    accounts,
    agreements,
    audit_events,
    branches,
    cases,
    customers,
    evidence,
)
from doorstep.store.tables import visits as visit_rows
from doorstep.store.tables_legal import (
    legal_agreements,
    legal_events,
    legal_extensions,
    legal_mediations,
)


def _aware(at: datetime | None) -> datetime | None:
    return None if at is None else utc(at)


class LegalRepository(LegalFactsReader):
    def __init__(self, conn: Connection, cipher: Any) -> None:
        super().__init__(conn, cipher)

    def case_id(self, ref: str) -> int:
        """A case id from its number (AJ…) or its id."""
        found = self.conn.execute(select(cases.c.id).where(cases.c.case_no == ref)).scalar()
        if found is None and ref.isdigit():
            found = self.conn.execute(select(cases.c.id).where(cases.c.id == int(ref))).scalar()
        if found is None:
            raise NotFound(entity=Msg(N_("Case")), id=ref)
        return int(found)

    def queue(self, scope_branch: int | None) -> list[EscalatedCase]:
        """Escalated cases, oldest escalation first, with what the queue shows."""
        escalated_at = (select(func.max(audit_events.c.at))
                        .where(audit_events.c.entity == "case",
                               audit_events.c.entity_id == cast(cases.c.id, String),
                               audit_events.c.action == "case.escalate")
                        .scalar_subquery())
        broken = (select(func.count()).select_from(agreements)
                  .where(agreements.c.case_id == cases.c.id, agreements.c.state == "broken")
                  .scalar_subquery())
        last_outcome = (select(visit_rows.c.outcome).where(visit_rows.c.case_id == cases.c.id)
                        .order_by(visit_rows.c.id.desc()).limit(1).scalar_subquery())
        when = func.coalesce(escalated_at, cases.c.updated_at)
        stmt = (select(cases.c.id, cases.c.case_no, cases.c.case_type, cases.c.business_line,
                       cases.c.overdue_amount, cases.c.amount_at_stake, cases.c.sla_due,
                       cases.c.failed_attempts, cases.c.version,
                       customers.c.name.label("customer_name"),
                       branches.c.name.label("branch_name"), when.label("escalated_at"),
                       broken.label("broken"), last_outcome.label("last_outcome"))
                .join(customers, customers.c.id == cases.c.customer_id)
                .join(branches, branches.c.id == cases.c.branch_id)
                .where(cases.c.state == "escalated")
                .order_by(when, cases.c.id))
        if scope_branch is not None:
            stmt = stmt.where(cases.c.branch_id == scope_branch)
        return [EscalatedCase(**r._mapping) for r in self.conn.execute(stmt)]

    def add_mediation(self, case_id: int, started_at: datetime, due_at: datetime, by: str,
                      mediator: str) -> int:
        key = self.conn.execute(insert(legal_mediations).values(
            case_id=case_id, state=MediationState.OPEN.value, started_at=naive_utc(started_at),
            due_at=naive_utc(due_at), started_by=by, mediator=mediator)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def court_events(self, case_id: int) -> tuple[CourtEvent, ...]:
        """The imported court events of the case's customer: those of the case's account,
        and those that name no account (or a case without one), oldest first."""
        e, c = legal_events.c, cases.c
        same_account = (e.account_id.is_(None) | c.account_id.is_(None)
                        | (e.account_id == c.account_id))
        rows = self.conn.execute(
            select(e.court_case_no, e.event, e.event_date, e.court, e.amount,
                   accounts.c.account_no)
            .join(cases, (c.customer_id == e.customer_id) & same_account)
            .outerjoin(accounts, accounts.c.id == e.account_id)
            .where(c.id == case_id).order_by(e.event_date, e.id))
        return tuple(CourtEvent(r.court_case_no, r.event, r.event_date, r.court, r.amount,
                                r.account_no) for r in rows)

    def mediation_of(self, case_id: int) -> Mediation | None:
        row = self.conn.execute(select(legal_mediations)
                                .where(legal_mediations.c.case_id == case_id)).first()
        return None if row is None else self._mediation(row)

    def mediation(self, case_id: int) -> Mediation:
        found = self.mediation_of(case_id)
        if found is None:
            raise NotFound(entity=Msg(N_("Mediation record")), id=case_id)
        return found

    def _mediation(self, r: Any) -> Mediation:
        ext = tuple(Extension(e.days, e.reason, e.by, utc(e.at), utc(e.new_due_at))
                    for e in self.conn.execute(
                        select(legal_extensions).where(legal_extensions.c.mediation_id == r.id)
                        .order_by(legal_extensions.c.id)))
        a = self.conn.execute(
            select(legal_agreements, evidence.c.filename, evidence.c.sha256)
            .join(evidence, evidence.c.id == legal_agreements.c.evidence_id)
            .where(legal_agreements.c.mediation_id == r.id)).first()
        agreement = None if a is None else MediationAgreement(
            a.terms, Decimal(a.amount), a.instalments, a.signed_on, a.filename, a.sha256,
            a.imported_by, utc(a.imported_at))
        return Mediation(
            r.id, r.case_id, MediationState(r.state), utc(r.started_at), utc(r.due_at),
            r.started_by, r.mediator,
            FailureReason(r.failure_reason) if r.failure_reason else None, r.failure_text,
            _aware(r.ended_at), ext, agreement, _aware(r.overdue_at))

    def extend(self, m: Mediation, days: int, reason: str, by: str, at: datetime,
               new_due: datetime) -> None:
        self.conn.execute(insert(legal_extensions).values(
            mediation_id=m.id, days=days, reason=reason, by=by, at=naive_utc(at),
            old_due_at=naive_utc(m.due_at), new_due_at=naive_utc(new_due)))
        self.conn.execute(update(legal_mediations).where(legal_mediations.c.id == m.id)
                          .values(due_at=naive_utc(new_due), overdue_at=None))

    def end(self, mediation_id: int, state: MediationState, at: datetime,
            reason: FailureReason | None = None, text: str = "") -> None:
        self.conn.execute(update(legal_mediations).where(legal_mediations.c.id == mediation_id)
                          .values(state=state.value, ended_at=naive_utc(at),
                                  failure_reason=reason.value if reason else None,
                                  failure_text=text))

    def add_agreement(self, m: Mediation, terms: str, amount: Decimal, instalments: int,
                      signed_on: date, evidence_id: int, by: str, at: datetime) -> int:
        key = self.conn.execute(insert(legal_agreements).values(
            mediation_id=m.id, case_id=m.case_id, terms=terms, amount=amount,
            instalments=instalments, signed_on=signed_on, evidence_id=evidence_id,
            imported_by=by, imported_at=naive_utc(at))).inserted_primary_key
        assert key is not None
        return int(key[0])

    def add_document(self, case_id: int, filename: str, content_type: str, size: int,
                     sha256: str, storage_key: str, by: str, at: datetime) -> int:
        """A case document (not from a visit) in the evidence table, hashed like evidence."""
        key = self.conn.execute(insert(evidence).values(
            visit_id=None, case_id=case_id, kind="document", filename=filename,
            content_type=content_type, size=size, sha256=sha256, storage_key=storage_key,
            uploaded_at=naive_utc(at), uploaded_by=by)).inserted_primary_key
        assert key is not None
        return int(key[0])
