"""Audit use cases: read the trail, verify the chain, list compliance exceptions."""

from __future__ import annotations

from typing import Any

from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import ChainBreak
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.core.uow import UnitOfWork


def events(uow: UnitOfWork, principal: Principal, *, entity: str | None = None,
           entity_id: str | None = None, actor: str | None = None,
           before_seq: int | None = None, limit: int = 100) -> list[Any]:
    require(principal, Permission.AUDIT_READ)
    if not 1 <= limit <= 1000:
        raise ValidationFailed(N_("limit must be between 1 and 1000"))
    return uow.audit_trail.events(entity, entity_id, actor, before_seq, limit)


def verify(uow: UnitOfWork, principal: Principal) -> tuple[int, ChainBreak | None]:
    require(principal, Permission.AUDIT_READ)
    return uow.audit_trail.verify()


def exceptions(uow: UnitOfWork, principal: Principal, limit: int = 200) -> list[Any]:
    require(principal, Permission.AUDIT_READ)
    return uow.audit_trail.exceptions(limit)
