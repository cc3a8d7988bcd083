"""The store's errors speak the user's language: a missing record names its kind, a taken
user name says so, in Chinese by default and in English when chosen (issue 14)."""

from __future__ import annotations

import pytest

from doorstep.auth.service import CreateUser, create_user
from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.core.errors import Conflict, NotFound
from tests.factories import PASSWORD


def test_a_missing_case_is_named_in_both_languages(container: Container) -> None:
    """A case the store cannot find is "not found" with its kind translated."""
    with container.uow() as uow, pytest.raises(NotFound) as caught:
        uow.cases.get(987654)
    assert caught.value.message_in("zh-CN") == "未找到案件（编号 987654）"
    assert caught.value.message_in("en") == "Case 987654 was not found"


def test_a_taken_user_name_is_a_conflict_in_both_languages(container: Container) -> None:
    """Adding a user whose name exists is a conflict naming the name, in either language."""
    new = CreateUser(username="twice", display_name="twice", password=PASSWORD,
                     role=Role.ANALYST)
    with container.uow() as uow:
        create_user(uow, new, "system:test")
        with pytest.raises(Conflict) as caught:
            create_user(uow, new, "system:test")
    assert caught.value.message_in("zh-CN").endswith("用户名 twice 已存在")
    assert caught.value.message_in("en").endswith("Username twice already exists")
