"""The approval requests that stored artefacts stand for: a trained model version waiting
to be promoted, a case study waiting to be published. Filed in the maker's transaction."""

from __future__ import annotations

from doorstep.approvals import service as approvals
from doorstep.approvals.model import Kind
from doorstep.core.access import Principal
from doorstep.core.i18n import N_, RECORD_LANGUAGE, translate_in
from doorstep.core.uow import UnitOfWork


def model_promotion(model_version_id: int, summary: str) -> approvals.NewRequest:
    return approvals.NewRequest(
        kind=Kind.MODEL_PROMOTION, subject_type="model_version", subject_id=model_version_id,
        branch_id=None, summary=summary[:500],
        reason=translate_in(RECORD_LANGUAGE, N_("Model version #%(id)s submitted for promotion"),
                            id=model_version_id))


def casebook_publication(study_id: int, title: str) -> approvals.NewRequest:
    return approvals.NewRequest(
        kind=Kind.CASEBOOK_PUBLISH, subject_type="case_study", subject_id=study_id,
        branch_id=None,
        summary=translate_in(RECORD_LANGUAGE, N_("Case study #%(id)s: %(title)s"), id=study_id,
                             title=title)[:500],
        reason=translate_in(RECORD_LANGUAGE, N_("Case study #%(id)s submitted for publication"),
                            id=study_id))


def file_model(uow: UnitOfWork, maker: Principal, model_version_id: int, summary: str) -> int:
    """A newly trained version is its trainer's request to promote it."""
    return approvals.request(uow, maker, model_promotion(model_version_id, summary))


def maker_of_subject(uow: UnitOfWork, subject_type: str, subject_id: int,
                     fallback: str) -> str:
    """Who asked: the pending request's maker, else the artefact's recorded creator."""
    found = uow.approvals.pending_for_subject(subject_type, subject_id)
    return found.requested_by if found is not None else fallback
