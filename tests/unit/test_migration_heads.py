"""The migration history has exactly one head, so `doorstep db upgrade` reaches one schema."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from doorstep.store.migrate import alembic_config


def test_migrations_have_a_single_head() -> None:
    """Branches added side by side must be merged (like 0004) before they land."""
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"
