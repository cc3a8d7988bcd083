"""The `doorstep` command: one `NOUN VERB` group per capability.

Renamed commands (and the old `screen` group, now part of `screening`) stay callable,
hidden, with a deprecation note: see :mod:`doorstep.cli.aliases`.
"""

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
    screening,
    screening_db,
    screening_runs,
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
from doorstep.cli.aliases import add_aliases
from doorstep.core.i18n import language_from_environment, set_language
from doorstep.core.logging import configure_logging

app = typer.Typer(help="Doorstep: pre-litigation home visits", no_args_is_help=True,
                  pretty_exceptions_enable=False)


@app.callback()
def _logs() -> None:
    """Logs are JSON lines on stderr with personal data masked, as in the web app; the
    command's own output stays alone on stdout."""
    configure_logging()
    set_language(language_from_environment())


GROUPS: dict[str, typer.Typer] = {
    "db": admin.db_app,  # upgrade, backup, restore (ops)
    "users": admin.users_app,
    "audit": admin.audit_app,
    "keys": admin.keys_app,
    "policy": admin.policy_app,
    "web": admin.web_app,
    "demo": demo.app,
    "reports": reports_cli.app,
    "evaluation": reports_cli.evaluation_app,
    "routes": routes.app,
    "outbox": outbox.app,
    "screening": screening.app,
    "repayments": repayments.app,
    "legal": legal_cli.app,
    "casebook": casebook_cli.app,
    "training": training_cli.app,
    "approvals": approvals_cli.app,
    "complaints": complaints_cli.app,
    "data": data_cli.app,
    "jobs": jobs.app,
    "retention": ops.retention_app,
}
for _name, _group in GROUPS.items():
    app.add_typer(_group, name=_name)
# These modules add their commands to `doorstep screening` (runs, database, improvement loop).
assert screening_runs.app is screening_db.app is improvement_cli.app is screening.app
add_aliases(app, GROUPS)


if __name__ == "__main__":
    app()
