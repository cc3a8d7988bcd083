"""Casebook pages: search and list, one study, edit, the personal-data check and
publish, drafts from closed cases, and the similar-case panel on the case page."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from doorstep.casebook import service
from doorstep.casebook.model import OUTCOME_LABELS, SECTION_LABELS, SECTIONS, CaseStudy, StudyDraft
from doorstep.cases.model import BusinessLine, CaseType
from doorstep.core.access import Permission, Principal
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import N_, translate_in
from doorstep.http.deps import ContainerDep, ReadUowDep
from doorstep.http.language import language_of
from doorstep.web.errors import error_message
from doorstep.web.guards import page, page_form
from doorstep.web.i18n import label
from doorstep.web.rendering import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, page(Permission.CASEBOOK_READ)]
Writer = Annotated[Principal, page(Permission.CASEBOOK_WRITE)]


def _choices(lang: str) -> dict[str, Any]:
    return {"lines": [b.value for b in BusinessLine], "types": [c.value for c in CaseType],
            "outcomes": [(k, label(v, lang)) for k, v in OUTCOME_LABELS.items()],
            "sections": [(s, label(SECTION_LABELS[s], lang)) for s in SECTIONS],
            "outcome_label": lambda k: label(OUTCOME_LABELS[k], lang) if k in OUTCOME_LABELS else k}


def draft_from_form(form: Any) -> StudyDraft:
    """A draft from the edit form's fields (tags: comma-separated)."""
    def get(name: str) -> str:
        return str(form.get(name, "")).strip()
    typed = unicodedata.normalize("NFKC", get("tags"))  # a full-width comma becomes ","
    tags = tuple(t.strip() for t in typed.split(",") if t.strip())
    return StudyDraft(**{s: get(s) for s in ("title", *SECTIONS, "business_line", "case_type",
                                             "outcome_tag", "amount_band", "dpd_band")},
                      tags=tags)


@router.get("/casebook")
def casebook(request: Request, uow: ReadUowDep, principal: Reader, q: str = "",
             line: str = "", kind: Annotated[str, Query(alias="type")] = "") -> Response:
    """Search published studies in Chinese; list studies (and drafts for editors)."""
    lang, hits, error = language_of(request), None, ""
    if q.strip():
        try:
            hits = service.search(uow, principal, q, line, kind)
        except DoorstepError as exc:
            error = error_message(exc, lang)
    studies = service.list_studies(uow, principal)
    ctx = {"q": q, "line": line, "type": kind, "hits": hits, "error": error,
           "published": [s for s in studies if s.status == "published"],
           "drafts": [s for s in studies if s.status != "published"],
           "can_write": principal.can(Permission.CASEBOOK_WRITE), **_choices(lang)}
    return render(request, "casebook/index.html", ctx, status_code=422 if error else 200)


def _detail(request: Request, principal: Principal, study: CaseStudy, findings: list[str],
            flash: str = "", status: int = 200) -> Response:
    return render(request, "casebook/detail.html", {
        "s": study, "d": study.draft, "findings": findings, "flash": flash,
        "can_write": principal.can(Permission.CASEBOOK_WRITE),
        "can_publish": principal.can(Permission.CASEBOOK_PUBLISH),
        **_choices(language_of(request))}, status_code=status)


def _findings(uow: Any, principal: Principal, study: CaseStudy) -> list[str]:
    if study.status == "published" or not principal.can(Permission.CASEBOOK_WRITE) and \
            not principal.can(Permission.CASEBOOK_PUBLISH):
        return []
    return [str(f.message()) for f in service.check_personal_data(uow, principal, study.id)]


@router.post("/casebook/from-case")
async def from_case(request: Request, container: ContainerDep,
                    principal: Annotated[Principal, page_form(Permission.CASEBOOK_WRITE)]
                    ) -> Response:
    """Create an anonymised draft from a closed case's number."""
    form = await request.form()
    with container.uow() as uow:
        study_id = service.draft_from_case_no(uow, principal, str(form.get("case_no", "")))
        uow.commit()
    return RedirectResponse(f"/casebook/{study_id}/edit", status_code=303)


@router.get("/casebook/new")
def new_form(request: Request, principal: Writer) -> Response:
    """An empty case-study form."""
    empty = StudyDraft("", "", "", "", "", "", "loan", "loan_dispute", "resolved")
    return render(request, "casebook/form.html", {
        "d": empty, "s": None, "error": "", **_choices(language_of(request))})


@router.post("/casebook/new")
async def create(request: Request, container: ContainerDep,
                 principal: Annotated[Principal, page_form(Permission.CASEBOOK_WRITE)]
                 ) -> Response:
    """Store a hand-written draft; problems are shown on the form."""
    draft = draft_from_form(await request.form())
    try:
        with container.uow() as uow:
            study_id = service.create_study(uow, principal, draft)
            uow.commit()
    except DoorstepError as exc:
        return render(request, "casebook/form.html", {
            "d": draft, "s": None, "error": error_message(exc, language_of(request)),
            **_choices(language_of(request))}, status_code=exc.http_status)
    return RedirectResponse(f"/casebook/{study_id}", status_code=303)


@router.get("/casebook/similar/{case_id}")
def similar_panel(case_id: int, request: Request, uow: ReadUowDep,
                  principal: Annotated[Principal, page(Permission.CASE_READ)]) -> Response:
    """The small panel of similar published studies shown on a case page (htmx)."""
    return render(request, "casebook/_similar.html", {
        "suggestions": service.similar_for_case(uow, principal, case_id),
        **_choices(language_of(request))})


@router.get("/casebook/{study_id}")
def study(study_id: int, request: Request, uow: ReadUowDep, principal: Reader,
          done: str = "") -> Response:
    """One study; for a draft, what the personal-data check finds."""
    found = service.get_study(uow, principal, study_id)
    message = {"published": N_("The case study was published"),
               "saved": N_("Draft saved; it needs review again")}.get(done)
    flash = translate_in(language_of(request), message) if message else ""
    return _detail(request, principal, found, _findings(uow, principal, found), flash)


@router.get("/casebook/{study_id}/edit")
def edit_form(study_id: int, request: Request, uow: ReadUowDep, principal: Writer) -> Response:
    """The study's form with its version."""
    found = service.get_study(uow, principal, study_id)
    return render(request, "casebook/form.html", {
        "d": found.draft, "s": found, "error": "", **_choices(language_of(request))})


@router.post("/casebook/{study_id}/edit")
async def edit(study_id: int, request: Request, container: ContainerDep,
               principal: Annotated[Principal, page_form(Permission.CASEBOOK_WRITE)]
               ) -> Response:
    """Save the edited study as a draft if nobody changed it meanwhile."""
    form = await request.form()
    draft, version = draft_from_form(form), str(form.get("version", "0"))
    try:
        with container.uow() as uow:
            service.edit_study(uow, principal, study_id, draft,
                               int(version) if version.isdigit() else 0)
            uow.commit()
    except DoorstepError as exc:
        with container.uow(write=False) as uow:
            found = service.get_study(uow, principal, study_id)
        return render(request, "casebook/form.html", {
            "d": draft, "s": found, "error": error_message(exc, language_of(request)),
            **_choices(language_of(request))}, status_code=exc.http_status)
    return RedirectResponse(f"/casebook/{study_id}?done=saved", status_code=303)


@router.post("/casebook/{study_id}/publish")
def publish(study_id: int, request: Request, container: ContainerDep,
            principal: Annotated[Principal, page_form(Permission.CASEBOOK_PUBLISH)]) -> Response:
    """Publish after review; refused (422) with the findings while personal data remains."""
    try:
        with container.uow() as uow:
            service.publish_study(uow, principal, study_id, container.authority)
            uow.commit()
    except service.PersonalDataFound:
        with container.uow(write=False) as uow:
            found = service.get_study(uow, principal, study_id)
            findings = _findings(uow, principal, found)
        return _detail(request, principal, found, findings, status=422)
    return RedirectResponse(f"/casebook/{study_id}?done=published", status_code=303)


