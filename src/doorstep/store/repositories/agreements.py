"""Agreements, instalments, surveys and outbox rows (insert only) in the database."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, String, and_, cast, insert, select, update

from doorstep.core.clock import naive_utc
from doorstep.core.errors import NotFound
from doorstep.core.i18n import N_, Msg
from doorstep.store.tables import (
    accounts,
    agreements,
    audit_events,
    cases,
    customers,
    instalments,
    surveys,
)
from doorstep.store.tables_dispatch import outbox
from doorstep.visits.records.ports import Instalment, PendingWaiver, StoredAgreement, StoredSurvey


class AgreementRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, case_id: int, visit_id: int, kind: str, total: Decimal, waiver: Decimal,
            state: str, at: datetime, plan: list[tuple[date, Decimal]]) -> int:
        key = self.conn.execute(insert(agreements).values(
            case_id=case_id, visit_id=visit_id, kind=kind, total_amount=total,
            fee_waiver_amount=waiver, state=state, created_at=naive_utc(at))).inserted_primary_key
        assert key is not None
        agreement_id = int(key[0])
        self.conn.execute(insert(instalments), [
            {"agreement_id": agreement_id, "due_on": d, "amount": a, "state": "due"}
            for d, a in plan])
        return agreement_id

    def get(self, agreement_id: int) -> StoredAgreement:
        row = self.conn.execute(
            select(agreements, cases.c.branch_id, cases.c.state.label("case_state"),
                   cases.c.version.label("case_version"), cases.c.customer_id)
            .join(cases, cases.c.id == agreements.c.case_id)
            .where(agreements.c.id == agreement_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Agreement")), id=agreement_id)
        return StoredAgreement(**row._mapping)

    def set_state(self, agreement_id: int, state: str, approved_by: str | None = None) -> None:
        values: dict[str, Any] = {"state": state}
        if approved_by is not None:
            values["fee_waiver_approved_by"] = approved_by
        self.conn.execute(update(agreements).where(agreements.c.id == agreement_id)
                          .values(**values))

    def kept_for_case(self, case_id: int) -> bool:
        """Whether an approved agreement of the case has every instalment paid in full
        according to the repayments on file (at least one instalment)."""
        rows = self.conn.execute(
            select(agreements.c.id, instalments.c.amount, instalments.c.paid_amount)
            .join(instalments, instalments.c.agreement_id == agreements.c.id)
            .where(agreements.c.case_id == case_id,
                   agreements.c.state.in_(("active", "kept")))).all()
        by_agreement: dict[int, bool] = {}
        for r in rows:
            paid = (r.paid_amount or 0) >= r.amount
            by_agreement[r.id] = by_agreement.get(r.id, True) and paid
        return any(by_agreement.values())

    def open_ids(self) -> list[int]:
        return list(self.conn.execute(
            select(agreements.c.id).where(agreements.c.state.in_(("active", "pending_approval")))
            .order_by(agreements.c.id)).scalars())

    def pending_waivers(self, branch_id: int | None) -> list[PendingWaiver]:
        """Agreements awaiting fee-waiver approval (oldest first), with who recorded the visit."""
        recorded = and_(audit_events.c.entity == "visit", audit_events.c.action == "visit.record",
                        audit_events.c.entity_id == cast(agreements.c.visit_id, String))
        query = (select(agreements.c.id, agreements.c.total_amount,
                        agreements.c.fee_waiver_amount, agreements.c.created_at, cases.c.case_no,
                        cases.c.id.label("case_id"), customers.c.name.label("customer_name"),
                        audit_events.c.actor.label("requested_by"))
                 .join(cases, cases.c.id == agreements.c.case_id)
                 .join(customers, customers.c.id == cases.c.customer_id)
                 .outerjoin(audit_events, recorded)
                 .where(agreements.c.state == "pending_approval")
                 .order_by(agreements.c.created_at, agreements.c.id))
        if branch_id is not None:
            query = query.where(cases.c.branch_id == branch_id)
        return [PendingWaiver(**r._mapping) for r in self.conn.execute(query)]

    def for_account(self, account_no: str) -> int | None:
        """The open agreement on the case of an account number, if any."""
        return self.conn.execute(
            select(agreements.c.id).join(cases, cases.c.id == agreements.c.case_id)
            .join(accounts, accounts.c.id == cases.c.account_id)
            .where(accounts.c.account_no == account_no,
                   agreements.c.state.in_(("active", "pending_approval")))
            .order_by(agreements.c.id.desc()).limit(1)).scalar()

    def instalments(self, agreement_id: int) -> list[Instalment]:
        return [Instalment(**r._mapping) for r in self.conn.execute(
            select(instalments).where(instalments.c.agreement_id == agreement_id)
            .order_by(instalments.c.due_on, instalments.c.id))]

    def pay(self, instalment_id: int, paid: Decimal, paid_on: date, state: str) -> None:
        self.conn.execute(update(instalments).where(instalments.c.id == instalment_id)
                          .values(paid_amount=paid, paid_on=paid_on, state=state))

    def mark(self, instalment_id: int, state: str) -> None:
        self.conn.execute(update(instalments).where(instalments.c.id == instalment_id)
                          .values(state=state))

    def add_survey(self, case_id: int, visit_id: int, token_hash: str, at: datetime) -> int:
        key = self.conn.execute(insert(surveys).values(
            case_id=case_id, visit_id=visit_id, token_hash=token_hash,
            sent_at=naive_utc(at))).inserted_primary_key
        assert key is not None
        return int(key[0])

    def survey(self, token_hash: str) -> StoredSurvey | None:
        row = self.conn.execute(select(surveys).where(surveys.c.token_hash == token_hash)).first()
        return None if row is None else StoredSurvey(**row._mapping)

    def answer_survey(self, survey_id: int, csat: int, nps: int, comment: str,
                      at: datetime) -> bool:
        """Store the answer once; ``False`` when it was already answered."""
        done = self.conn.execute(
            update(surveys).where(surveys.c.id == survey_id, surveys.c.answered_at.is_(None))
            .values(csat=csat, nps=nps, comment=comment, answered_at=naive_utc(at)))
        return done.rowcount == 1

    def queue(self, *, kind: str, recipient_enc: str, subject: str, body: str, case_id: int,
              key: str, at: datetime, channel: str = "sms") -> bool:
        """Insert an outbox row unless one with ``key`` exists; ``True`` when inserted."""
        if self.conn.execute(select(outbox.c.id).where(outbox.c.idempotency_key == key)).first():
            return False
        self.conn.execute(insert(outbox).values(
            channel=channel, kind=kind, recipient_enc=recipient_enc, subject=subject, body=body,
            case_id=case_id, idempotency_key=key, created_at=naive_utc(at),
            not_before=naive_utc(at)))
        return True
