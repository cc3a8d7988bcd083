"""Security e2e fixtures: the web tests' form login, reused."""

from tests.e2e.web.conftest import login  # noqa: F401  (fixture)
