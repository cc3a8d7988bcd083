"""The SQL unit of work on a real database: use cases leave the commit to the edge, a
checkpoint makes a long job's steps permanent, and the SQL unit conforms to the port."""

from __future__ import annotations

from sqlalchemy import func, select

from doorstep.auth.service import CreateUser, create_user
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.audit import AuditEntry
from doorstep.core.uow import UnitOfWork
from doorstep.store import tables as t
from doorstep.store.uow import as_port
from tests.factories import PASSWORD


def _users(c: Container) -> set[str]:
    with c.engine.connect() as conn:
        return set(conn.execute(select(t.users.c.username)).scalars())


def _audit_rows(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.audit_events)).scalar_one())


def _new(name: str) -> CreateUser:
    return CreateUser(username=name, display_name=name, password=PASSWORD, role=Role.ANALYST)


def test_a_use_case_without_the_edge_commit_leaves_nothing(container: Container) -> None:
    """A use case writes into the unit only: leaving the block uncommitted rolls back the
    row and its audit event."""
    before = _audit_rows(container)
    with container.uow() as uow:
        create_user(uow, _new("uncommitted"), "system:test")
    assert "uncommitted" not in _users(container) and _audit_rows(container) == before


def test_checkpoint_keeps_the_steps_before_it(container: Container) -> None:
    """A long job's checkpoint commits what came before it (audit included) and goes on in
    a new transaction; what follows without a commit is rolled back."""
    before = _audit_rows(container)
    with container.uow() as uow:
        port: UnitOfWork = as_port(uow)
        create_user(port, _new("step_one"), "system:test")
        port.checkpoint()
        create_user(port, _new("step_two"), "system:test")
        port.audit(AuditEntry("system:test", "test.step", "user", "0", None, None,
                              port.clock.now()))
    users = _users(container)
    assert "step_one" in users and "step_two" not in users
    assert _audit_rows(container) == before + 1
