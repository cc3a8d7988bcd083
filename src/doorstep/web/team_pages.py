"""The team roster: staff with translated roles, skills and certificates, the form that
makes a team of two, and the suggested pairs for a day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.core.access import Permission, Principal
from doorstep.core.clock import local
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, translate_in
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.teams import service as teams
from doorstep.teams.model import CERTIFICATE_LABELS, ROLE_LABELS, SKILL_LABELS
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)


def _labels(lang: str) -> dict[str, Any]:
    def pick(table: Mapping[str, Any]) -> Any:
        return lambda key: label(table[key], lang) if key in table else key

    return {"role_name": pick(ROLE_LABELS), "skill_name": pick(SKILL_LABELS),
            "cert_name": pick(CERTIFICATE_LABELS)}


def _day(value: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


@router.get("/teams")
def roster(request: Request, uow: ReadUowDep,
           principal: Annotated[Principal, page(Permission.TEAM_READ)],
           branch: str | None = None, day: str | None = None, msg: str = "",
           error: str = "") -> Response:
    """Staff with roles, skills, certificates, home base and shifts; teams; suggested pairs."""
    branch_id = int(branch) if branch and branch.isdigit() else None
    data = teams.roster(uow, principal, branch_id)
    today = local(uow.clock.now()).date()
    the_day = _day(day, today)
    scope = principal.branch_id if principal.branch_id is not None else branch_id
    proposals = teams.propose_teams(uow, principal, scope, the_day) if scope else None
    in_team = {m.id for t in data.teams for m in t.members}
    return render(request, "teams/roster.html", {
        "roster": data, "today": today, "day": the_day, "proposals": proposals,
        "free": [m for m in data.staff if m.id not in in_team and m.active],
        "can_manage": principal.can(Permission.TEAM_MANAGE), "branch": scope or "",
        "msg": msg, "error": error, **_labels(language_of(request))})


@router.post("/teams/form")
def form_team(request: Request, container: ContainerDep,
              principal: Annotated[Principal, page_form(Permission.TEAM_MANAGE)],
              member_a_id: Annotated[int, Form()], member_b_id: Annotated[int, Form()],
              name: Annotated[str, Form(max_length=64)] = "") -> Response:
    """Form a team of two from the roster page, then show the roster again."""
    lang = language_of(request)
    try:
        with container.uow() as uow:
            teams.form_team(uow, principal, teams.FormTeam(name, member_a_id, member_b_id))
            uow.commit()
    except DoorstepError as exc:
        return RedirectResponse(f"/teams?error={quote(error_message(exc, lang))}",
                                status_code=303)
    done = translate_in(lang, N_("Team formed"))
    return RedirectResponse(f"/teams?msg={quote(done)}", status_code=303)
