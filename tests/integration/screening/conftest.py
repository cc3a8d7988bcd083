"""A small demo bank in the test database, for the screening integration tests."""

from __future__ import annotations

import pytest

from doorstep.container import Container
from doorstep.demo.loader import load_demo

AS_OF_CUSTOMERS = 1200


@pytest.fixture
def demo_bank(container: Container) -> Container:
    """The container's database holding a 1,200-customer demo bank (seed 7)."""
    load_demo(container.engine, AS_OF_CUSTOMERS, 7)
    return container
