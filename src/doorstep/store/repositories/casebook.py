"""Case studies in the database; Chinese full-text search on FTS5 (SQLite) or tsvector
(PostgreSQL) over the same stored jieba words."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    func,
    insert,
    literal_column,
    select,
    table,
    text,
    update,
)

from doorstep.casebook.anonymise import KnownPerson
from doorstep.casebook.model import CaseSource, CaseStudy, StudyDraft
from doorstep.casebook.ports import PublishedStudy
from doorstep.casebook.search_text import fts5_match
from doorstep.core.crypto import FieldCipher
from doorstep.core.errors import NotFound, StaleVersion
from doorstep.core.i18n import N_, Msg
from doorstep.store.tables import accounts, cases, complaints, customers, visits
from doorstep.store.tables_casebook import case_studies as cs

_DRAFT_FIELDS = ("title", "background", "problem", "actions", "outcome", "lessons",
                 "business_line", "case_type", "outcome_tag", "amount_band", "dpd_band")


def _values(d: StudyDraft, search_text: str) -> dict[str, Any]:
    out = {k: v for k, v in asdict(d).items() if k in _DRAFT_FIELDS}
    return {**out, "tags": list(d.tags), "search_text": search_text}


def _pk(result: Any) -> int:
    return int(result.inserted_primary_key[0])


def _study(r: Any) -> CaseStudy:
    draft = StudyDraft(**{k: getattr(r, k) for k in _DRAFT_FIELDS}, tags=tuple(r.tags))
    return CaseStudy(r.id, draft, r.status, r.source_case_id, r.created_by, r.created_at,
                     r.published_by, r.published_at, r.version)


class CasebookRepository:
    def __init__(self, conn: Connection, cipher: FieldCipher) -> None:
        self.conn = conn
        self.cipher = cipher

    def add(self, d: StudyDraft, search_text: str, source_case_id: int | None, actor: str,
            at: datetime, status: str = "draft") -> int:
        result = self.conn.execute(insert(cs).values(
            **_values(d, search_text), source_case_id=source_case_id, created_by=actor,
            created_at=at.replace(tzinfo=None), status=status))
        return _pk(result)

    def get(self, study_id: int) -> CaseStudy:
        row = self.conn.execute(select(cs).where(cs.c.id == study_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Case study")), id=study_id)
        return _study(row)

    def studies(self, status: str | None = None, limit: int = 200) -> list[CaseStudy]:
        q = select(cs).order_by(cs.c.id.desc()).limit(limit)
        if status:
            q = q.where(cs.c.status == status)
        return [_study(r) for r in self.conn.execute(q)]

    def update(self, study_id: int, expected_version: int, d: StudyDraft,
               search_text: str) -> int:
        result = self.conn.execute(update(cs).where(
            cs.c.id == study_id, cs.c.version == expected_version).values(
            **_values(d, search_text), status="draft", published_by=None, published_at=None,
            version=expected_version + 1))
        if result.rowcount != 1:
            current = self.conn.execute(select(cs.c.version).where(cs.c.id == study_id)).scalar()
            if current is None:
                raise NotFound(entity=Msg(N_("Case study")), id=study_id)
            raise StaleVersion(current=current, given=expected_version)
        return expected_version + 1

    def publish(self, study_id: int, by: str, at: datetime) -> None:
        self.conn.execute(update(cs).where(cs.c.id == study_id).values(
            status="published", published_by=by, published_at=at.replace(tzinfo=None),
            version=cs.c.version + 1))

    def search(self, terms: list[str], business_line: str = "", case_type: str = "",
               limit: int = 20) -> list[tuple[CaseStudy, float]]:
        """Published studies holding every term, best first, with a higher-is-better score."""
        if self.conn.dialect.name == "postgresql":
            query = func.plainto_tsquery("simple", " ".join(terms))
            vector: ColumnElement[Any] = literal_column("case_studies.search_vector")
            rank = func.ts_rank(vector, query)
            q = select(cs, rank.label("score")).where(vector.op("@@")(query)).order_by(
                rank.desc(), cs.c.id)
        else:
            matched = select(literal_column("rowid").label("rowid"),
                             literal_column("bm25(case_studies_fts)").label("rank")).select_from(
                table("case_studies_fts")).where(
                text("case_studies_fts MATCH :m").bindparams(m=fts5_match(terms))).subquery()
            q = select(cs, (-matched.c.rank).label("score")).join(
                matched, matched.c.rowid == cs.c.id).order_by(matched.c.rank, cs.c.id)
        q = q.where(cs.c.status == "published").limit(limit)
        if business_line:
            q = q.where(cs.c.business_line == business_line)
        if case_type:
            q = q.where(cs.c.case_type == case_type)
        rows = self.conn.execute(q)
        return [(_study(r), float(r.score)) for r in rows]

    def published_features(self) -> list[PublishedStudy]:
        """Every published study's search text and case features."""
        return [PublishedStudy(**r._mapping) for r in self.conn.execute(select(
            cs.c.id, cs.c.search_text, cs.c.business_line, cs.c.case_type, cs.c.amount_band,
            cs.c.dpd_band).where(cs.c.status == "published").order_by(cs.c.id))]


    def source(self, case_id: int) -> tuple[CaseSource, int, KnownPerson]:
        """The case's facts and words, its branch, and its customer's own data."""
        row = self.conn.execute(select(
            cases, customers.c.name, customers.c.phone_enc, customers.c.national_id_enc,
            customers.c.address_enc, accounts.c.days_past_due).join(
            customers, customers.c.id == cases.c.customer_id).outerjoin(
            accounts, accounts.c.id == cases.c.account_id).where(cases.c.id == case_id)).first()
        if row is None:
            raise NotFound(entity=Msg(N_("Case")), id=case_id)
        said = [r.text for r in self.conn.execute(select(complaints.c.text).where(
            complaints.c.customer_id == row.customer_id).order_by(complaints.c.received_at))]
        seen = list(self.conn.execute(select(
            visits.c.findings, visits.c.customer_account, visits.c.outcome).where(
            visits.c.case_id == case_id).order_by(visits.c.id)))
        source = CaseSource(
            case_id, row.case_no, row.state, row.case_type, row.business_line,
            Decimal(row.amount_at_stake), int(row.days_past_due or 0), row.summary,
            tuple(said), tuple(f"{v.findings} {v.customer_account}".strip() for v in seen),
            tuple(v.outcome or "" for v in seen))
        known = KnownPerson(row.name, self.cipher.open(row.phone_enc) or "",
                            self.cipher.open(row.national_id_enc) or "",
                            self.cipher.open(row.address_enc) or "")
        return source, int(row.branch_id), known

    def case_id_by_no(self, case_no: str) -> int:
        found = self.conn.execute(select(cases.c.id).where(cases.c.case_no == case_no)).scalar()
        if found is None:
            raise NotFound(entity=Msg(N_("Case")), id=case_no)
        return int(found)
