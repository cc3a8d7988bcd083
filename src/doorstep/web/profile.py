"""The signed-in user's display name and branch name for the page header.

A read-only shim: ``auth.service`` has no profile use case yet, so this reads the user and
branch rows directly. It should move to ``auth.service.profile`` (see docs/web.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from doorstep.container import Container
from doorstep.core.access import Principal
from doorstep.store.tables import branches


@dataclass(frozen=True)
class Profile:
    display_name: str
    branch_name: str | None


def profile_of(container: Container, principal: Principal) -> Profile:
    with container.uow(write=False) as uow:
        row = uow.users.by_id(principal.user_id)
        branch = None
        if principal.branch_id is not None:
            branch = uow.conn.execute(
                select(branches.c.name).where(branches.c.id == principal.branch_id)
            ).scalar()
        return Profile(display_name=str(row.display_name),
                       branch_name=str(branch) if branch is not None else None)
