"""The signed-in user's display name and branch name for the page header."""

from __future__ import annotations

from dataclasses import dataclass

from doorstep.container import Container
from doorstep.core.access import Principal


@dataclass(frozen=True)
class Profile:
    display_name: str
    branch_name: str | None


def profile_of(container: Container, principal: Principal) -> Profile:
    """Read from the principal itself: the session lookup already joined user and branch."""
    return Profile(display_name=principal.display_name or principal.username,
                   branch_name=principal.branch_name)
