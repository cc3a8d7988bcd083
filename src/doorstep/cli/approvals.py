"""`doorstep approvals`: the approver's queue (awaiting my approval) and decisions, as a named user.

There is no batch account here: a decision is always made by a named person (``--as``), who
may not be the maker and must hold the permission and the authority limit."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from doorstep.approvals import service as approvals
from doorstep.approvals.model import Request, State
from doorstep.cli.common import acting_as, console, container, user_errors
from doorstep.core.access import Role
from doorstep.core.i18n import _
from doorstep.decisions import effects

app = typer.Typer(help="Approvals (maker-checker)", no_args_is_help=True)
DB = typer.Option("--database-url", help="Defaults to DOORSTEP_DATABASE_URL")
AS = typer.Option("--as", help="The approver's user name (required)")
REASON = typer.Option("--reason", help="Why (at least 4 characters); audited")


@app.callback()
def _approvals() -> None:
    """Approvals."""


def _line(r: Request) -> str:
    """One request per line; identifiers are never cut (no fixed-width table)."""
    return (_("#%(id)s  %(kind_label)s  %(value)s  ¥%(amount)s  requested by %(requested_by)s  "
              "%(requested_at)s  %(summary)s  reason: %(request_reason)s", id=r.id,
              kind_label=approvals.kind_label(r.kind), value=r.state.value,
              amount=f'{r.amount:,.2f}', requested_by=r.requested_by,
              requested_at=f'{r.requested_at:%Y-%m-%d %H:%M}', summary=r.summary,
              request_reason=r.request_reason))


def _json(r: Request) -> dict[str, object]:
    return {"id": r.id, "kind": r.kind.value, "state": r.state.value,
            "subject": f"{r.subject_type}:{r.subject_id}", "amount": str(r.amount),
            "requested_by": r.requested_by, "requested_at": r.requested_at.isoformat(),
            "reason": r.request_reason, "summary": r.summary, "decided_by": r.decided_by,
            "decision_reason": r.decision_reason}


@app.command("list")
def list_requests(as_user: Annotated[str, AS],
                  state: Annotated[State | None, typer.Option(
                      help="All requests in this state (default: what you may decide now)")]
                  = None,
                  as_json: Annotated[bool, typer.Option("--json")] = False,
                  database_url: Annotated[str | None, DB] = None) -> None:
    """Awaiting my approval: pending requests the user may decide (or every request in a state)."""
    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        who = acting_as(c, as_user, Role.AUDITOR)
        rows = (approvals.queue(uow, who, c.authority) if state is None
                else approvals.listing(uow, who, state))
    if as_json:
        typer.echo(json.dumps([_json(r) for r in rows], ensure_ascii=False, indent=1))
        return
    for r in rows:
        console.print(_line(r), soft_wrap=True, markup=False)
    console.print(_("%(len)s in total", len=len(rows)), markup=False)


def _decide(approval_id: int, as_user: str, reason: str, approve: bool,
            database_url: str | None) -> None:
    c = container(database_url)
    with user_errors(), c.uow() as uow:
        who = acting_as(c, as_user, Role.AUDITOR)
        done = effects.decide(uow, who, approval_id, approve, reason, c.authority, c.policy)
        uow.commit()
    verb = _("Approved") if approve else _("Rejected")
    console.print(_("%(verb)s request #%(id)s (%(kind_label)s, requested by %(requested_by)s), "
                    "approver %(decided_by)s", verb=verb, id=done.id,
                    kind_label=approvals.kind_label(done.kind), requested_by=done.requested_by,
                    decided_by=done.decided_by), markup=False)


@app.command("approve")
def approve(approval_id: Annotated[int, typer.Argument(help="request id")],
            as_user: Annotated[str, AS], reason: Annotated[str, REASON],
            database_url: Annotated[str | None, DB] = None) -> None:
    """Approve a request (not your own; within your authority limit)."""
    _decide(approval_id, as_user, reason, True, database_url)


@app.command("refuse")
def refuse(approval_id: Annotated[int, typer.Argument(help="request id")],
           as_user: Annotated[str, AS], reason: Annotated[str, REASON],
           database_url: Annotated[str | None, DB] = None) -> None:
    """Refuse a request; a refused compliance override stays on file as a breach."""
    _decide(approval_id, as_user, reason, False, database_url)
