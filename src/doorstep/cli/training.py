"""`doorstep training`: certificates about to expire."""

from __future__ import annotations

from typing import Annotated

import typer

from doorstep.cli.common import console, container, user_errors
from doorstep.cli.tables import JSON, Col, emit
from doorstep.core.access import Principal, Role
from doorstep.core.i18n import N_, _, label_of
from doorstep.teams.model import CERTIFICATE_LABELS
from doorstep.training import service

app = typer.Typer(help="Staff training", no_args_is_help=True)
DB = typer.Option("--database-url", help="Defaults to DOORSTEP_DATABASE_URL")
TRAINER = Principal(user_id=0, username="cli", role=Role.TRAINER, branch_id=None)


@app.callback()
def _training() -> None:
    """Staff training."""


@app.command("list-certificates")
def certificates(expiring: Annotated[int, typer.Option(
                     "--expiring", help="days ahead to look (1–366)")] = 60,
                 database_url: Annotated[str | None, DB] = None,
                 as_json: JSON = False) -> None:
    """Certificates ending within the next N days and not yet renewed, soonest first."""
    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        due = service.expiring_certificates(uow, TRAINER, expiring)
    cols = [Col(N_("Staff no."), "staff_no", True), Col(N_("Staff name"), "name"),
            Col(N_("Branch"), "branch"), Col(N_("Certificate"), "certificate"),
            Col(N_("Expires on"), "expires_on"), Col(N_("Days left"), "days_left")]
    rows = [{"staff_no": e.staff_no, "name": e.staff_name, "branch": e.branch,
             "certificate": label_of(CERTIFICATE_LABELS.get(e.kind, e.kind)),
             "expires_on": e.expires_on.isoformat(), "days_left": e.days_left} for e in due]
    emit(console, cols, rows, as_json)
    if not as_json:
        console.print(_("%(len)s certificates expire within %(expiring)s days.", expiring=expiring,
                        len=len(due)))
