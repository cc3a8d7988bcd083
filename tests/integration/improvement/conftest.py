"""A demo bank with a champion model for the improvement integration tests."""

from __future__ import annotations

import pytest

from doorstep.container import Container
from tests.integration.improvement.bank import prepare_improvement_bank


@pytest.fixture
def champion_bank(container: Container) -> tuple[Container, int]:
    """The container over a 2,000-customer demo bank and the id of its current model."""
    return container, prepare_improvement_bank(container)
