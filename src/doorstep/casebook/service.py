"""Casebook use cases: draft from a closed case (anonymised), edit, check and publish,
search in Chinese, and similar studies for an open case."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from doorstep.approvals import service as approvals
from doorstep.approvals import subjects
from doorstep.approvals.model import Authority, Request, default_authority
from doorstep.casebook.anonymise import Finding, KnownPerson, find_personal_data, scrub
from doorstep.casebook.model import (
    CLOSED_STATES,
    SECTIONS,
    CaseStudy,
    StudyDraft,
    compose,
    validate,
)
from doorstep.casebook.search_text import index_text, query_terms, words
from doorstep.casebook.similar import Match, Profile, similar
from doorstep.core.access import Permission, Principal, require, require_branch
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import DoorstepError, NotFound, ValidationFailed
from doorstep.core.i18n import N_, Msg, codes, join_messages
from doorstep.core.uow import UnitOfWork

codes({
    'casebook.personal_data': N_('The case study still holds personal data: %(detail)s'),
})


class PersonalDataFound(DoorstepError):
    """A case study cannot be published while it names or locates a person."""

    code = "casebook.personal_data"
    http_status = 422

    def __init__(self, findings: list[Msg]) -> None:
        super().__init__(N_("%(problems)s"), problems=join_messages(findings))
        self.findings = findings


@dataclass(frozen=True)
class Hit:
    study: CaseStudy
    score: float


@dataclass(frozen=True)
class Suggestion:
    study: CaseStudy
    match: Match


def search_text(d: StudyDraft) -> str:
    """The words the search index holds for a study: title, paragraphs and tags."""
    return index_text([*d.paragraphs(), " ".join(d.tags)])


def anonymised(d: StudyDraft, known: KnownPerson) -> StudyDraft:
    """The draft with personal data replaced in its title and every paragraph."""
    changes: dict[str, Any] = {s: scrub(getattr(d, s), known) for s in SECTIONS}
    return replace(d, title=scrub(d.title, known), **changes)


def _audit(uow: UnitOfWork, principal: Principal, action: str, study_id: int,
           after: dict[str, object]) -> None:
    uow.audit(AuditEntry(principal.actor, action, "case_study", str(study_id), None, after,
                         uow.clock.now()))


def draft_from_case(uow: UnitOfWork, principal: Principal, case_id: int) -> int:
    """A draft study composed from a closed case with personal data already replaced."""
    require(principal, Permission.CASEBOOK_WRITE)
    source, branch_id, known = uow.casebook.source(case_id)
    require_branch(principal, branch_id, N_("Case"), case_id)
    if source.state not in CLOSED_STATES:
        raise ValidationFailed(N_("Case %(no)s is not closed: only closed cases become case "
                                  "studies"),
                               no=source.case_no)
    draft = anonymised(compose(source), known)
    study_id: int = uow.casebook.add(draft, search_text(draft), case_id, principal.actor,
                                     uow.clock.now())
    _audit(uow, principal, "case_study.drafted", study_id, {"case_id": case_id})
    return study_id


def create_study(uow: UnitOfWork, principal: Principal, draft: StudyDraft) -> int:
    """Store a study written by hand as a draft."""
    require(principal, Permission.CASEBOOK_WRITE)
    validate(draft)
    study_id: int = uow.casebook.add(draft, search_text(draft), None, principal.actor,
                                     uow.clock.now())
    _audit(uow, principal, "case_study.drafted", study_id, {"title": draft.title})
    return study_id


def edit_study(uow: UnitOfWork, principal: Principal, study_id: int, draft: StudyDraft,
               expected_version: int) -> int:
    """Replace a study's text and tags; an edited study goes back to draft for review."""
    require(principal, Permission.CASEBOOK_WRITE)
    validate(draft)
    version: int = uow.casebook.update(study_id, expected_version, draft, search_text(draft))
    _audit(uow, principal, "case_study.edited", study_id, {"version": version})
    return version


def get_study(uow: UnitOfWork, principal: Principal, study_id: int) -> CaseStudy:
    """A published study, or a draft for those who write or publish studies."""
    require(principal, Permission.CASEBOOK_READ)
    study: CaseStudy = uow.casebook.get(study_id)
    if study.status != "published" and not principal.can(Permission.CASEBOOK_WRITE) and \
            not principal.can(Permission.CASEBOOK_PUBLISH):
        raise NotFound(entity=Msg(N_("Case study")), id=study_id)
    return study


def list_studies(uow: UnitOfWork, principal: Principal, status: str = "") -> list[CaseStudy]:
    """Studies newest first; drafts only for those who write or publish them."""
    require(principal, Permission.CASEBOOK_READ)
    editor = principal.can(Permission.CASEBOOK_WRITE) or principal.can(
        Permission.CASEBOOK_PUBLISH)
    return list(uow.casebook.studies(status if editor else "published"))


def check_personal_data(uow: UnitOfWork, principal: Principal, study_id: int) -> list[Finding]:
    """What personal data the study still holds (the source customer's own data included)."""
    study = get_study(uow, principal, study_id)
    known = KnownPerson()
    if study.source_case_id is not None:
        known = uow.casebook.source(study.source_case_id)[2]
    return find_personal_data(study.draft.paragraphs(), known)


def publish_study(uow: UnitOfWork, principal: Principal, study_id: int,
                  authority: Authority | None = None,
                  reason: str = N_("Reviewed; approved for publication")) -> CaseStudy:
    """Publish after another person's review (maker-checker: the author never publishes their own
    study); refused while any personal data is found."""
    require(principal, Permission.CASEBOOK_PUBLISH)
    findings = check_personal_data(uow, principal, study_id)
    if findings:
        raise PersonalDataFound([f.message() for f in findings])
    study: CaseStudy = uow.casebook.get(study_id)
    if study.status != "published":
        def publish(inner: UnitOfWork, decider: Principal, request: Request) -> None:
            inner.casebook.publish(study_id, decider.actor, inner.clock.now())
            _audit(inner, decider, "case_study.published", study_id,
                   {"title": study.draft.title, "approval_id": request.id})

        approvals.decide_on_subject(
            uow, principal, subjects.casebook_publication(study_id, study.draft.title),
            study.created_by.removeprefix("user:"), True, reason,
            authority or default_authority(), publish)
    published: CaseStudy = uow.casebook.get(study_id)
    return published


def search(uow: UnitOfWork, principal: Principal, query: str, business_line: str = "",
           case_type: str = "", limit: int = 20) -> list[Hit]:
    """Published studies holding every word of the query, best ranked first."""
    require(principal, Permission.CASEBOOK_READ)
    terms = query_terms(query)
    return [Hit(s, score) for s, score in uow.casebook.search(
        terms, business_line, case_type, max(1, min(limit, 100)))]


def similar_for_case(uow: UnitOfWork, principal: Principal, case_id: int,
                     top: int = 5) -> list[Suggestion]:
    """Published studies most like a case by its complaints, visit notes and facts."""
    require(principal, Permission.CASEBOOK_READ)
    require(principal, Permission.CASE_READ)
    source, branch_id, _ = uow.casebook.source(case_id)
    require_branch(principal, branch_id, N_("Case"), case_id)
    study = compose(source)
    target = Profile(0, tuple(words(" ".join([source.summary, *source.complaints,
                                              *source.findings]))),
                     source.business_line, source.case_type, study.amount_band, study.dpd_band)
    candidates = [Profile(r.id, tuple(r.search_text.split()), r.business_line, r.case_type,
                          r.amount_band, r.dpd_band) for r in uow.casebook.published_features()]
    return [Suggestion(uow.casebook.get(m.key), m) for m in similar(target, candidates, top)]


def draft_from_case_no(uow: UnitOfWork, principal: Principal, case_no: str) -> int:
    """Like :func:`draft_from_case`, for the case number people read off the case page."""
    require(principal, Permission.CASEBOOK_WRITE)
    return draft_from_case(uow, principal, uow.casebook.case_id_by_no(case_no.strip()))
