"""`doorstep casebook`: draft a study from a closed case, publish after review, search."""

from __future__ import annotations

from typing import Annotated

import typer

from doorstep.casebook import service
from doorstep.casebook.service import PersonalDataFound
from doorstep.cli.common import acting_as, console, container, err_console, user_errors
from doorstep.cli.tables import JSON, Col, emit
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.i18n import N_, _

app = typer.Typer(help="Casebook", no_args_is_help=True)
DB = typer.Option("--database-url", help="Defaults to DOORSTEP_DATABASE_URL")
AS = typer.Option("--as", help="Act as this user (default: the batch trainer account)")


@app.callback()
def _casebook() -> None:
    """Casebook."""


def editor(c: Container, username: str | None) -> Principal:
    """The named user, or the head-office batch trainer account ``cli``."""
    return acting_as(c, username, Role.TRAINER)


@app.command("draft")
def draft(case_no: Annotated[str, typer.Argument(help="a closed case's number")],
          database_url: Annotated[str | None, DB] = None,
          as_user: Annotated[str | None, AS] = None) -> None:
    """Compose an anonymised draft study from a closed case."""
    c = container(database_url)
    with user_errors(), c.uow() as uow:
        study_id = service.draft_from_case_no(uow, editor(c, as_user), case_no)
        uow.commit()
    console.print(_("Drafted case study #%(study_id)s (from case %(case_no)s); edit and review it "
                    "before publishing.", study_id=study_id, case_no=case_no))


@app.command("publish")
def publish(study_id: Annotated[int, typer.Argument(help="case study id")],
            database_url: Annotated[str | None, DB] = None,
            as_user: Annotated[str | None, AS] = None) -> None:
    """Publish a reviewed study; exit 2 naming any personal data still in it."""
    c = container(database_url)
    with user_errors():
        try:
            with c.uow() as uow:
                study = service.publish_study(uow, editor(c, as_user), study_id,
                                              c.authority)
                uow.commit()
        except PersonalDataFound as exc:
            err_console.print(_("[red]Publishing refused[/red] case study #%(study_id)s still "
                                "holds personal data:", study_id=study_id))
            for line in exc.findings:
                err_console.print(f"  · {line}")
            raise typer.Exit(2) from None
    console.print(_("Published case study #%(id)s: %(title)s", id=study.id,
                    title=study.draft.title))


@app.command("search")
def search(query: Annotated[str, typer.Argument(help="Chinese keywords, all must match")],
           line: Annotated[str, typer.Option(help="business line, e.g. loan")] = "",
           limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
           database_url: Annotated[str | None, DB] = None,
           as_user: Annotated[str | None, AS] = None, as_json: JSON = False) -> None:
    """Search published studies, best ranked first."""
    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        hits = service.search(uow, editor(c, as_user), query, line, "", limit)
    if not hits and not as_json:
        console.print(_("No published case study contains every keyword of \"%(query)s\".",
                        query=query))
        return
    cols = [Col(N_("No."), "id", True), Col(N_("Title"), "title"),
            Col(N_("Business line"), "business_line"), Col(N_("Outcome"), "outcome"),
            Col(N_("Relevance"), "score")]
    rows = [{"id": h.study.id, "title": h.study.draft.title,
             "business_line": h.study.draft.business_line, "outcome": h.study.draft.outcome_tag,
             "score": round(h.score, 2)} for h in hits]
    emit(console, cols, rows, as_json)
    if not as_json:
        console.print(_("%(len)s in total.", len=len(hits)))
