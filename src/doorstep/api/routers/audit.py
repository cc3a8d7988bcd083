"""The audit trail and its verification, for auditors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from doorstep.api.schemas import AuditEventPublic, AuditVerifyPublic
from doorstep.audit import service
from doorstep.core.access import Permission, Principal
from doorstep.http.deps import ReadUowDep, allow

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("/events", response_model=list[AuditEventPublic])
def list_events(
    uow: ReadUowDep, principal: Annotated[Principal, allow(Permission.AUDIT_READ)],
    entity: str | None = Query(None, max_length=32),
    entity_id: str | None = Query(None, max_length=32),
    actor: str | None = Query(None, max_length=64),
    before_seq: int | None = Query(None, ge=1), limit: int = Query(100, ge=1, le=1000),
) -> list[AuditEventPublic]:
    """Audit events, newest first; page with ``before_seq``."""
    rows = service.events(uow, principal, entity=entity, entity_id=entity_id, actor=actor,
                          before_seq=before_seq, limit=limit)
    return [AuditEventPublic(**{k: getattr(r, k) for k in AuditEventPublic.model_fields})
            for r in rows]


@router.get("/verify", response_model=AuditVerifyPublic)
def verify(uow: ReadUowDep,
           principal: Annotated[Principal, allow(Permission.AUDIT_READ)]) -> AuditVerifyPublic:
    """Walk the hash chain; names the first row that was altered, deleted or reordered."""
    count, broken = service.verify(uow, principal)
    return AuditVerifyPublic(ok=broken is None, rows_checked=count,
                             broken_at=broken.seq if broken else None,
                             reason=broken.reason if broken else None)
