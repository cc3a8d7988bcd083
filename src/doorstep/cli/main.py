"""The `doorstep` command: one sub-command group per capability."""

from __future__ import annotations

import typer

from doorstep.cli import (
    admin,
    demo,
    jobs,
    ops,
    outbox,
    repayments,
    routes,
    screen,
    screening,
    screening_db,
)
from doorstep.cli import approvals as approvals_cli
from doorstep.cli import casebook as casebook_cli
from doorstep.cli import complaints as complaints_cli
from doorstep.cli import data as data_cli
from doorstep.cli import effect as effect_cli  # noqa: F401  (evaluation simulate, backtest)
from doorstep.cli import improvement as improvement_cli
from doorstep.cli import legal as legal_cli
from doorstep.cli import reports as reports_cli
from doorstep.cli import training as training_cli
from doorstep.core.i18n import language_from_environment, set_language
from doorstep.core.logging import configure_logging

app = typer.Typer(help="Doorstep 诉前上门管理系统", no_args_is_help=True,
                  pretty_exceptions_enable=False)


@app.callback()
def _logs() -> None:
    """Logs are JSON lines on stderr with personal data masked, as in the web app; the
    command's own output stays alone on stdout."""
    configure_logging()
    set_language(language_from_environment())


app.add_typer(admin.db_app, name="db")
app.add_typer(admin.users_app, name="users")
app.add_typer(admin.audit_app, name="audit")
app.add_typer(admin.keys_app, name="keys")
app.add_typer(admin.policy_app, name="policy")
app.add_typer(demo.app, name="demo")
app.add_typer(reports_cli.app, name="reports")
app.add_typer(reports_cli.evaluation_app, name="evaluation")
app.add_typer(routes.app, name="routes")
app.add_typer(outbox.app, name="outbox")
app.add_typer(screening.app, name="screening")
app.add_typer(screen.app, name="screen")
app.add_typer(repayments.app, name="repayments")
app.add_typer(legal_cli.app, name="legal")
app.add_typer(casebook_cli.app, name="casebook")
app.add_typer(training_cli.app, name="training")
app.add_typer(approvals_cli.app, name="approvals")
app.add_typer(complaints_cli.app, name="complaints")
app.add_typer(data_cli.app, name="data")
assert screening_db.app is screening.app  # its commands join `doorstep screening`
assert improvement_cli.app is screening.app  # retrain, drift, candidates, decide
app.command("serve")(admin.serve)
app.command("worker")(jobs.worker)
app.add_typer(jobs.app, name="jobs")
app.command("backup")(ops.backup)
app.command("restore")(ops.restore)
app.add_typer(ops.retention_app, name="retention")


if __name__ == "__main__":
    app()
