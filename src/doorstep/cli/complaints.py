"""`doorstep complaints list | extend | close`: the complaint handling queue with its 15-day clock.

Extension and closing are always done by a named user (``--as``) holding
``complaint.manage``; the list may run as the head-office batch account."""

from __future__ import annotations

from typing import Annotated

import typer

from doorstep.cli.common import acting_as, console, container, user_errors
from doorstep.cli.tables import JSON, Col, emit
from doorstep.complaints import service
from doorstep.core.access import Role
from doorstep.core.i18n import N_, _

app = typer.Typer(help="Complaints (15-day handling clock)", no_args_is_help=True)
DB = typer.Option("--database-url", help="Defaults to DOORSTEP_DATABASE_URL")
AS = typer.Option("--as", help="Act as this user (needs complaint.manage)")
COLS = [Col(N_("Complaint no."), "id", is_id=True), Col(N_("Customer"), "customer_name"),
        Col(N_("Complaint channel"), "channel"), Col(N_("Category"), "category"),
        Col(N_("Date received"), "received_at"), Col(N_("Due by"), "due_at", is_id=True),
        Col(N_("Extended"), "extended"), Col(N_("Days past the due date"), "days_overdue")]


@app.callback()
def _complaints() -> None:
    """Complaints."""


@app.command("list")
def list_complaints(overdue: Annotated[bool, typer.Option(
                        "--overdue", help="Only complaints past their deadline")] = False,
                    as_user: Annotated[str | None, AS] = None, as_json: JSON = False,
                    database_url: Annotated[str | None, DB] = None) -> None:
    """Open complaints with their due date, overdue first."""
    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        items = service.open_complaints(uow, acting_as(c, as_user, Role.AUDITOR), overdue)
    rows = [{"id": i.id, "customer_name": i.customer_name, "channel": i.channel,
             "category": i.category, "received_at": i.received_at.date().isoformat(),
             "due_at": i.due_at.date().isoformat(), "extended": i.extended,
             "days_overdue": max(i.days_overdue, 0)} for i in items]
    emit(console, COLS, rows, as_json, title=_("Complaint handling"))


@app.command("extend")
def extend(complaint_id: Annotated[int, typer.Argument(help="complaint id")],
           as_user: Annotated[str, AS],
           reason: Annotated[str, typer.Option("--reason", help="Why (required; once)")],
           database_url: Annotated[str | None, DB] = None) -> None:
    """Extend the handling deadline once, to 30 days from receipt."""
    c = container(database_url)
    with user_errors():
        who = acting_as(c, as_user, Role.AUDITOR)
        with c.uow() as uow:
            due = service.extend_complaint(uow, who, complaint_id, reason)
            uow.commit()
    console.print(_("Complaint #%(complaint_id)s extended; new due date %(isoformat)s",
                    complaint_id=complaint_id, isoformat=due.date().isoformat()),
                  markup=False)


@app.command("close")
def close(complaint_id: Annotated[int, typer.Argument(help="complaint id")],
          as_user: Annotated[str, AS],
          note: Annotated[str, typer.Option("--note", help="Resolution note (audited)")],
          database_url: Annotated[str | None, DB] = None) -> None:
    """Close a complaint with a resolution note."""
    c = container(database_url)
    with user_errors():
        who = acting_as(c, as_user, Role.AUDITOR)
        with c.uow() as uow:
            service.close_complaint(uow, who, complaint_id, note)
            uow.commit()
    console.print(_("Complaint #%(complaint_id)s closed", complaint_id=complaint_id), markup=False)
