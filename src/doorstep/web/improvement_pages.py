"""The improvement page: what changed, candidate vs current model with PSI,
rules to tighten and staff to train; approvers promote or reject. Renders; decides nothing."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError, NotFound, ValidationFailed
from doorstep.core.i18n import N_, translate_in
from doorstep.core.uow import UnitOfWork
from doorstep.evaluation.improvement import service
from doorstep.evaluation.improvement.review import REGULATOR_COMPLAINTS_LABEL, PeriodReview
from doorstep.evaluation.kpis import KPI_KINDS, KPI_LABELS, format_kpi
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
#: What the page says after a decision (``?done=…``).
DONE = {"promote": N_("The candidate was promoted."), "reject": N_("The candidate was rejected.")}
#: The words for the candidate's verdict and decision (msgids).
LABELS = {
    "verdict": {"better": N_("Candidate better"), "similar": N_("Similar"),
                "worse": N_("Candidate worse"), "no_champion": N_("No current model")},
    "decision": {"pending": N_("Awaiting decision"), "promoted": N_("Promoted"),
                 "rejected": N_("Rejected")},
}


def _end(value: str, today: date) -> date:
    try:
        return date.fromisoformat(value) if value else today
    except ValueError:
        raise ValidationFailed(N_("Invalid date %(value)s: write it as year-month-day"),
                               value=value) from None


def _has_training(request: Request) -> bool:
    return any(getattr(r, "path", None) == "/training" for r in request.app.routes)


def _shown(name: str, value: float | None) -> str:
    """A review figure as the evaluation dashboard shows it (rates as %, counts whole)."""
    if name in KPI_LABELS or value is None:
        return format_kpi(name, value)
    return f"{value:,.0f}"


def _change(name: str, change: float) -> str:
    kind = KPI_KINDS.get(name, "count")
    if kind == "rate":
        return f"{change * 100:+.1f} pp"
    return f"{change:+,.0f}" if kind == "count" else f"{change:+,.2f}"


def _kpi_rows(review: PeriodReview, lang: str) -> list[dict[str, Any]]:
    return [{"name": k.name, "improved": k.improved, "direction": k.direction,
             "label": label(KPI_LABELS.get(k.name, REGULATOR_COMPLAINTS_LABEL), lang),
             "previous": _shown(k.name, k.previous), "current": _shown(k.name, k.current),
             "change": "" if k.change is None else _change(k.name, k.change)}
            for k in review.kpis]


def _page(request: Request, uow: UnitOfWork, principal: Principal, end: date, days: int,
          flash: str = "", kind: str = "ok", status: int = 200) -> Response:
    review = service.period_review(uow, principal, end, days)
    return render(request, "improvement/review.html", {
        "review": review, "kpi_rows": _kpi_rows(review, language_of(request)),
        "end": end.isoformat(), "days": days, "labels": LABELS,
        "can_decide": principal.can(Permission.MODEL_PROMOTE),
        "training_link": _has_training(request), "flash": flash, "flash_kind": kind},
        status_code=status)


@router.get("/improvement")
def review_page(request: Request, uow: ReadUowDep,
                principal: Annotated[Principal, page(Permission.EVALUATION_READ)],
                end: str = "", days: int = 30, done: str = "") -> Response:
    """The period review with the newest candidate model and the recommended actions."""
    flash = translate_in(language_of(request), DONE[done]) if done in DONE else ""
    return _page(request, uow, principal, _end(end, uow.clock.now().date()),
                 max(1, min(days, 366)), flash)


@router.post("/improvement/candidates/{candidate_id}/decision")
def decide(candidate_id: int, request: Request, container: ContainerDep,
           principal: Annotated[Principal, page_form(Permission.MODEL_PROMOTE)],
           action: Annotated[str, Form()], reason: Annotated[str, Form()] = "") -> Response:
    """Promote or reject the candidate with a reason."""
    try:
        with container.uow() as uow:
            service.decide(uow, principal, candidate_id, action == "promote", reason,
                           container.authority)
            uow.commit()
    except DoorstepError as exc:
        if isinstance(exc, NotFound):
            raise
        with container.uow(write=False) as read:
            return _page(request, read, principal, read.clock.now().date(), 30,
                         error_message(exc, language_of(request)), "error", exc.http_status)
    done = "promote" if action == "promote" else "reject"
    return RedirectResponse(f"/improvement?done={done}", status_code=303)
