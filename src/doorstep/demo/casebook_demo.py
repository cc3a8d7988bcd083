"""The demo casebook (DESIGN §2 step 6): published, anonymised case studies with tags, such
as a loan-procedure dispute settled by explaining the process and an account fault fixed by
a technician's visit."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, time, timedelta

from sqlalchemy import Connection, insert

from doorstep.casebook.service import search_text
from doorstep.demo.casebook_data import STUDIES
from doorstep.demo.context import DemoConfig, to_utc
from doorstep.store.tables_casebook import case_studies


def add_casebook(conn: Connection, cfg: DemoConfig) -> dict[str, int]:
    """Insert the published studies, a week apart before the demo date; rows per table."""
    rows = []
    for i, study in enumerate(STUDIES):
        written = to_utc(datetime.combine(cfg.as_of - timedelta(days=7 * (len(STUDIES) - i)),
                                          time(10)))
        rows.append({**asdict(study), "tags": list(study.tags), "search_text": search_text(study),
                     "status": "published", "source_case_id": None,
                     "created_by": "user:trainer", "created_at": written,
                     "published_by": "user:manager",
                     "published_at": written + timedelta(days=2), "version": 2})
    for row in rows:
        conn.execute(insert(case_studies).values(**row))
    return {"case_studies": len(rows)}
