"""Reading the audit trail and compliance exceptions."""

from __future__ import annotations

from sqlalchemy import Connection, select

from doorstep.audit.ports import ComplianceException
from doorstep.core.audit import AuditRecord, ChainBreak
from doorstep.store import audit_log
from doorstep.store.tables import audit_events, compliance_exceptions


class AuditRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def events(self, entity: str | None, entity_id: str | None, actor: str | None,
               before_seq: int | None, limit: int) -> list[AuditRecord]:
        stmt = select(audit_events).order_by(audit_events.c.seq.desc()).limit(limit)
        if entity:
            stmt = stmt.where(audit_events.c.entity == entity)
        if entity_id:
            stmt = stmt.where(audit_events.c.entity_id == entity_id)
        if actor:
            stmt = stmt.where(audit_events.c.actor == actor)
        if before_seq:
            stmt = stmt.where(audit_events.c.seq < before_seq)
        return [AuditRecord(**r._mapping) for r in self.conn.execute(stmt)]

    def exceptions(self, limit: int) -> list[ComplianceException]:
        return [ComplianceException(**r._mapping) for r in self.conn.execute(
            select(compliance_exceptions).order_by(compliance_exceptions.c.id.desc()).limit(limit)
        )]

    def verify(self) -> tuple[int, ChainBreak | None]:
        return audit_log.verify(self.conn)
