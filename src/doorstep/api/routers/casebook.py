"""Casebook endpoints: studies, drafts from closed cases, the personal-data check,
publishing, Chinese search and similar-case suggestions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from doorstep.casebook import service
from doorstep.casebook.model import CaseStudy, StudyDraft
from doorstep.core.access import Permission, Principal
from doorstep.http.deps import ContainerDep, ReadUowDep, UowDep, allow

router = APIRouter(prefix="/api/v1/casebook", tags=["casebook"])
Reader = Annotated[Principal, allow(Permission.CASEBOOK_READ)]
Writer = Annotated[Principal, allow(Permission.CASEBOOK_WRITE)]
Publisher = Annotated[Principal, allow(Permission.CASEBOOK_PUBLISH)]
CaseReader = Annotated[Principal, allow(Permission.CASE_READ)]


class StudyIn(BaseModel):
    title: str = Field(max_length=120)
    background: str = Field(max_length=4000)
    problem: str = Field(max_length=4000)
    actions: str = Field(max_length=4000)
    outcome: str = Field(max_length=4000)
    lessons: str = Field(max_length=4000)
    business_line: str = Field(examples=["loan"])
    case_type: str = Field(examples=["loan_dispute"])
    outcome_tag: str = Field(examples=["explained"])
    tags: list[str] = []
    amount_band: str = ""
    dpd_band: str = ""

    def draft(self) -> StudyDraft:
        fields = self.model_dump(include=set(StudyIn.model_fields))
        return StudyDraft(**{**fields, "tags": tuple(self.tags)})


class StudyUpdate(StudyIn):
    version: int = Field(ge=1, description="The version you read; 409 if it changed")


class StudyPublic(StudyIn):
    id: int
    status: str
    source_case_id: int | None
    created_by: str
    created_at: datetime
    published_by: str | None
    published_at: datetime | None
    version: int


class HitPublic(BaseModel):
    study: StudyPublic
    score: float


class SimilarPublic(BaseModel):
    study: StudyPublic
    score: float
    text_score: float
    feature_score: float
    reasons: list[str]


class Created(BaseModel):
    id: int
    version: int


def to_public(s: CaseStudy) -> StudyPublic:
    d = s.draft
    return StudyPublic(
        **{**d.__dict__, "tags": list(d.tags)}, id=s.id, status=s.status,
        source_case_id=s.source_case_id, created_by=s.created_by, created_at=s.created_at,
        published_by=s.published_by, published_at=s.published_at, version=s.version)


@router.get("/studies", response_model=list[StudyPublic])
def list_studies(uow: ReadUowDep, principal: Reader, status: str = "") -> list[StudyPublic]:
    """Case studies newest first (drafts only for authors and publishers)."""
    return [to_public(s) for s in service.list_studies(uow, principal, status)]


@router.post("/studies", response_model=Created, status_code=201)
def create_study(body: StudyIn, uow: UowDep, principal: Writer) -> Created:
    """Write a case study by hand; it starts as a draft."""
    done = service.create_study(uow, principal, body.draft())
    uow.commit()
    return Created(id=done, version=1)


@router.post("/cases/{case_id}/draft", response_model=Created, status_code=201)
def draft_from_case(case_id: int, uow: UowDep, principal: Writer) -> Created:
    """Compose an anonymised draft from a closed case."""
    done = service.draft_from_case(uow, principal, case_id)
    uow.commit()
    return Created(id=done, version=1)


@router.get("/studies/{study_id}", response_model=StudyPublic)
def get_study(study_id: int, uow: ReadUowDep, principal: Reader) -> StudyPublic:
    """One case study."""
    return to_public(service.get_study(uow, principal, study_id))


@router.put("/studies/{study_id}", response_model=Created)
def edit_study(study_id: int, body: StudyUpdate, uow: UowDep, principal: Writer) -> Created:
    """Replace a study's text and tags (back to draft); 409 if someone changed it meanwhile."""
    version = service.edit_study(uow, principal, study_id, body.draft(), body.version)
    uow.commit()
    return Created(id=study_id, version=version)


@router.get("/studies/{study_id}/check")
def check_study(study_id: int, uow: ReadUowDep, principal: Writer) -> dict[str, list[str]]:
    """Personal data still in the study, one line per finding (empty: ready to publish)."""
    return {"findings": [str(f.message()) for f in service.check_personal_data(uow, principal,
                                                                          study_id)]}


@router.post("/studies/{study_id}/publish", response_model=StudyPublic)
def publish_study(study_id: int, uow: UowDep, container: ContainerDep,
                  principal: Publisher) -> StudyPublic:
    """Publish after another person's review (403 for the author); 422 naming what
    personal data remains."""
    study = service.publish_study(uow, principal, study_id, container.authority)
    uow.commit()
    return to_public(study)


@router.get("/search", response_model=list[HitPublic])
def search(uow: ReadUowDep, principal: Reader, q: Annotated[str, Query(max_length=100)] = "",
           business_line: str = "", case_type: str = "",
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[HitPublic]:
    """Published studies holding every word of ``q`` (jieba words), best ranked first."""
    return [HitPublic(study=to_public(h.study), score=h.score) for h in service.search(
        uow, principal, q, business_line, case_type, limit)]


@router.get("/similar/{case_id}", response_model=list[SimilarPublic])
def similar(case_id: int, uow: ReadUowDep, principal: CaseReader,
            top: Annotated[int, Query(ge=1, le=20)] = 5) -> list[SimilarPublic]:
    """Published studies most like a case: its complaints and visit notes, line, type, bands."""
    return [SimilarPublic(study=to_public(s.study), score=s.match.score,
                          text_score=s.match.text_score, feature_score=s.match.feature_score,
                          reasons=list(s.match.reasons))
            for s in service.similar_for_case(uow, principal, case_id, top)]
