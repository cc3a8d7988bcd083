"""The repository ports this capability's use cases are written against.

``store/repositories`` implements them (mypy checks that through ``store.uow.as_port``);
``tests/unit/fakes.py`` fakes the ones the fast use-case tests need."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple, Protocol

from doorstep.casebook.anonymise import KnownPerson
from doorstep.casebook.model import CaseSource, CaseStudy, StudyDraft


class PublishedStudy(NamedTuple):
    """A published study's search text and the case features similar-case search compares."""

    id: int
    search_text: str
    business_line: str
    case_type: str
    amount_band: str
    dpd_band: str


class CasebookRepository(Protocol):
    """What the use cases ask of ``uow.casebook`` (``store.repositories.casebook``)."""

    def add(
        self,
        d: StudyDraft,
        search_text: str,
        source_case_id: int | None,
        actor: str,
        at: datetime,
        status: str = ...,
    ) -> int: ...
    def get(self, study_id: int) -> CaseStudy: ...
    def studies(self, status: str | None = ..., limit: int = ...) -> list[CaseStudy]: ...
    def update(
        self, study_id: int, expected_version: int, d: StudyDraft, search_text: str
    ) -> int: ...
    def publish(self, study_id: int, by: str, at: datetime) -> None: ...
    def search(
        self, terms: list[str], business_line: str = ..., case_type: str = ..., limit: int = ...
    ) -> list[tuple[CaseStudy, float]]: ...
    def published_features(self) -> list[PublishedStudy]: ...

    def source(self, case_id: int) -> tuple[CaseSource, int, KnownPerson]: ...
    def case_id_by_no(self, case_no: str) -> int: ...
