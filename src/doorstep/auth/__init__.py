"""Login, sessions, API tokens and user management (roles and scopes live in core.access)."""
