"""`doorstep legal …`: the review queue, mediation commands and the case-file export."""

from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer

from doorstep.cli.common import acting_as, console, container, user_errors
from doorstep.cli.tables import JSON, Col, emit
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.i18n import N_, _, label_of
from doorstep.legal import export, service
from doorstep.legal.config import legal_config
from doorstep.legal.model import WHY_FAILED_LABELS, FailureReason, LegalInvalid

app = typer.Typer(help="Pre-litigation mediation and litigation", no_args_is_help=True)
DB = typer.Option("--database-url", help="Defaults to DOORSTEP_DATABASE_URL")
AS = typer.Option("--as", help="Act as this legal officer (default: the batch account)")


@app.callback()
def _legal() -> None:
    """Pre-litigation mediation and litigation."""


def officer(c: Container, username: str | None) -> Principal:
    """The named user, or the head-office batch legal account ``cli``."""
    return acting_as(c, username, Role.LEGAL_OFFICER)


def _case(c: Container, ref: str) -> tuple[int, int]:
    with c.uow(write=False) as uow:
        case_id = uow.legal.case_id(ref)
        return case_id, int(uow.cases.get(case_id).version)


@app.command("list")
def queue(database_url: Annotated[str | None, DB] = None,
          as_user: Annotated[str | None, AS] = None, as_json: JSON = False) -> None:
    """List escalated cases waiting for legal review, oldest first."""
    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        items = service.review_queue(uow, officer(c, as_user))
    cols = [Col(N_("Case"), "case_no", True), Col(N_("Customer"), "customer"),
            Col(N_("Branch"), "branch"), Col(N_("Overdue amount"), "overdue_amount"),
            Col(N_("Days waiting"), "days_waiting"), Col(N_("Reason"), "why"),
            Col("SLA", "sla_overdue")]
    rows = [{"case_no": i.case_no, "customer": i.customer_name, "branch": i.branch_name,
             "overdue_amount": f"{i.overdue_amount:.2f}", "days_waiting": i.days_waiting,
             "why": label_of(WHY_FAILED_LABELS[i.why]),
             "sla_overdue": _("Overdue") if i.sla_overdue else "—"}
            for i in items]
    emit(console, cols, rows, as_json)
    if not as_json:
        console.print(_("%(len)s awaiting review.", len=len(items)))


@app.command("mediate")
def mediate(case: str, mediator: Annotated[str, typer.Option(help="Mediation organisation")] = "",
            database_url: Annotated[str | None, DB] = None,
            as_user: Annotated[str | None, AS] = None) -> None:
    """Start pre-litigation mediation on an escalated case (30-day clock)."""
    c = container(database_url)
    with user_errors():
        case_id, version = _case(c, case)
        with c.uow() as uow:
            service.start_mediation(uow, officer(c, as_user), case_id, version, mediator,
                                    c.policy)
            uow.commit()
    console.print(_("Case %(case)s referred to pre-litigation mediation; deadline 30 days.",
                    case=case))


@app.command("extend")
def extend(case: str, days: Annotated[int, typer.Option(help="Days of extension, 1–30")] = 15,
           reason: Annotated[str, typer.Option(help="Reason for the extension (required)")] = "",
           database_url: Annotated[str | None, DB] = None,
           as_user: Annotated[str | None, AS] = None) -> None:
    """Extend a running mediation; a reason is required."""
    c = container(database_url)
    with user_errors():
        case_id, _row = _case(c, case)
        with c.uow() as uow:
            due = service.extend_mediation(uow, officer(c, as_user), case_id, days, reason)
            uow.commit()
    console.print(_("Mediation extended by %(days)s days; new deadline %(due)s.", days=days,
                    due=f'{due:%Y-%m-%d}'))


@app.command("fail")
def fail(case: str, reason: Annotated[FailureReason, typer.Option(help="Reason of the failure")],
         text: Annotated[str, typer.Option(help="Explanation (required for \"other\")")] = "",
         database_url: Annotated[str | None, DB] = None,
         as_user: Annotated[str | None, AS] = None) -> None:
    """Record a failed mediation; the case goes to litigation if the file allows it."""
    c = container(database_url)
    with user_errors():
        case_id, version = _case(c, case)
        with c.uow() as uow:
            service.fail_mediation(uow, officer(c, as_user), case_id, version, reason, text,
                                   c.policy)
            uow.commit()
    console.print(_("Mediation of case %(case)s failed; referred to litigation.", case=case))


@app.command("export")
def export_file(case: str,
                out: Annotated[Path, typer.Option("--out", file_okay=False, help="Output folder")],
                rate: Annotated[str,
                                typer.Option(help="Annual interest rate, e.g. 0.0435")] = "0.0435",
                database_url: Annotated[str | None, DB] = None,
                as_user: Annotated[str | None, AS] = None) -> None:
    """Write the case file (PDF and ZIP with evidence and manifest) into OUT."""
    started = time.perf_counter()
    c = container(database_url)
    cfg = legal_config(c.settings)
    with user_errors():
        try:
            annual = Decimal(rate)
        except InvalidOperation:
            raise LegalInvalid(N_("Interest rate \"%(rate)s\" is not a number"),
                               rate=rate) from None
        case_id, _row = _case(c, case)
        with c.uow() as uow:
            result = export.export_case_file(uow, officer(c, as_user), case_id, cfg.files,
                                             cfg.font(), cfg.bank_name, annual)
            uow.commit()
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{result.case_no}.pdf").write_bytes(result.pdf)
    (out / result.zip_name).write_bytes(result.zip)
    console.print(_("Exported the case file of %(case_no)s: %(v)s (%(evidence_count)s evidence "
                    "files, %(len)s bytes, %(v2)s s); recorded in the audit trail.",
                    case_no=result.case_no, v=out / result.zip_name,
                    evidence_count=result.evidence_count, len=f'{len(result.zip):,}',
                    v2=f'{time.perf_counter() - started:.1f}'))
