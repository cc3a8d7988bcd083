"""Approval requests in the database: add, read, list pending, decide with a version check."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from doorstep.approvals.model import Kind, Request, State
from doorstep.core.clock import naive_utc
from doorstep.core.errors import NotFound, StaleVersion
from doorstep.core.i18n import N_, Msg
from doorstep.store.tables_approvals import approvals


def _request(row: Any) -> Request:
    return Request(
        id=row.id, kind=Kind(row.kind), subject_type=row.subject_type,
        subject_id=row.subject_id, branch_id=row.branch_id, amount=Decimal(row.amount or 0),
        summary=row.summary, payload=dict(row.payload or {}), state=State(row.state),
        requested_by=row.requested_by, requested_at=row.requested_at,
        request_reason=row.request_reason, decided_by=row.decided_by,
        decided_at=row.decided_at, decision_reason=row.decision_reason, version=row.version)


class ApprovalRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, kind: Kind, subject_type: str, subject_id: int, branch_id: int | None,
            amount: Decimal, summary: str, payload: dict[str, Any], requested_by: str,
            requested_at: datetime, reason: str) -> int:
        key = self.conn.execute(insert(approvals).values(
            kind=kind.value, subject_type=subject_type, subject_id=subject_id,
            branch_id=branch_id, amount=amount, summary=summary, payload=payload,
            state=State.PENDING.value, requested_by=requested_by,
            requested_at=naive_utc(requested_at), request_reason=reason)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def get(self, approval_id: int) -> Request:
        row = self.conn.execute(select(approvals).where(approvals.c.id == approval_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Approval request")), id=approval_id)
        return _request(row)

    def pending_for_subject(self, subject_type: str, subject_id: int) -> Request | None:
        row = self.conn.execute(select(approvals).where(
            approvals.c.subject_type == subject_type, approvals.c.subject_id == subject_id,
            approvals.c.state == State.PENDING.value).order_by(approvals.c.id.desc())).first()
        return None if row is None else _request(row)

    def listing(self, branch_id: int | None, state: State | None = State.PENDING,
                kinds: tuple[Kind, ...] = (), limit: int = 500) -> list[Request]:
        """Requests (pending by default) in a branch scope (``None`` = all), oldest first."""
        q = select(approvals).order_by(approvals.c.id).limit(limit)
        if state is not None:
            q = q.where(approvals.c.state == state.value)
        if kinds:
            q = q.where(approvals.c.kind.in_([k.value for k in kinds]))
        if branch_id is not None:
            q = q.where((approvals.c.branch_id == branch_id) | approvals.c.branch_id.is_(None))
        return [_request(r) for r in self.conn.execute(q)]

    def count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(approvals)).scalar_one())

    def decide(self, request: Request, state: State, by: str, at: datetime,
               reason: str) -> None:
        result = self.conn.execute(update(approvals).where(
            approvals.c.id == request.id, approvals.c.version == request.version,
            approvals.c.state == State.PENDING.value,
        ).values(state=state.value, decided_by=by, decided_at=naive_utc(at),
                 decision_reason=reason, version=request.version + 1))
        if result.rowcount != 1:
            raise StaleVersion(current=request.version + 1, given=request.version)
