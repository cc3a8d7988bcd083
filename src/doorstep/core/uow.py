"""The unit-of-work port the capability services are written against.

``store.uow.SqlUnitOfWork`` is the real one; services never import ``store``. Repositories
are typed loosely here (``Any``) to keep the port small; their contracts are documented on
the store side and exercised by the integration tests.
"""

from __future__ import annotations

from typing import Any, Protocol

from doorstep.core.audit import AuditEntry
from doorstep.core.clock import Clock


class UnitOfWork(Protocol):
    clock: Clock
    cases: Any
    customers: Any
    users: Any
    audit_trail: Any
    screening: Any
    visits: Any
    agreements: Any
    teams: Any
    dispatch: Any
    appointments: Any
    plans: Any
    casebook: Any
    training: Any
    evaluation: Any
    improvement: Any
    legal: Any
    approvals: Any
    contacts: Any
    jobs: Any
    intake: Any

    def commit(self) -> None:
        """Make everything done in this unit permanent."""
        ...

    def audit(self, entry: AuditEntry) -> None:
        """Append an event to the hash-chained audit trail, in this transaction."""
        ...
