"""The `doorstep` command: one sub-command group per capability."""

from __future__ import annotations

import typer

from doorstep.cli import admin, demo, outbox, repayments, routes, screen, screening, screening_db

app = typer.Typer(help="Doorstep 诉前上门管理系统", no_args_is_help=True,
                  pretty_exceptions_enable=False)
app.add_typer(admin.db_app, name="db")
app.add_typer(admin.users_app, name="users")
app.add_typer(admin.audit_app, name="audit")
app.add_typer(admin.keys_app, name="keys")
app.add_typer(admin.policy_app, name="policy")
app.add_typer(demo.app, name="demo")
app.add_typer(routes.app, name="routes")
app.add_typer(outbox.app, name="outbox")
app.add_typer(screening.app, name="screening")
app.add_typer(screen.app, name="screen")
app.add_typer(repayments.app, name="repayments")
assert screening_db.app is screening.app  # its commands join `doorstep screening`
app.command("serve")(admin.serve)


if __name__ == "__main__":
    app()
