"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from typing import Protocol

from doorstep.customers.model import CustomerView, PersonalField


class CustomerRepository(Protocol):
    """What the use cases ask of ``uow.customers`` (``store.repositories.customers``)."""

    def set_do_not_visit(self, customer_id: int, value: bool) -> None: ...
    def branch_of(self, customer_id: int) -> int: ...
    def view(self, customer_id: int, *, holdings: bool = ...) -> CustomerView: ...
    def reveal(self, customer_id: int, field: PersonalField) -> str: ...
    def find_by_phone(self, phone: str) -> list[int]: ...
