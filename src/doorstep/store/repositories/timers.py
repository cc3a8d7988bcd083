"""What the clock made due: cases past their SLA, mediations past their 30 days, complaints
open longer than 15 days (counts for the timers job)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select

from doorstep.cases.model import TERMINAL_STATES
from doorstep.core.clock import naive_utc
from doorstep.store.tables import cases, complaints
from doorstep.store.tables_legal import legal_mediations

COMPLAINT_DAYS = 15


def due_counts(conn: Connection, now: datetime) -> dict[str, int]:
    """Counts of what is overdue at ``now``."""
    at = naive_utc(now)
    closed = [s.value for s in TERMINAL_STATES]

    def count(q: object) -> int:
        return int(conn.execute(q).scalar_one())  # type: ignore[call-overload]

    return {
        "sla_overdue": count(select(func.count()).select_from(cases).where(
            cases.c.sla_due < at, cases.c.state.not_in(closed))),
        "mediation_overdue": count(select(func.count()).select_from(legal_mediations).where(
            legal_mediations.c.due_at < at, legal_mediations.c.ended_at.is_(None))),
        "complaints_overdue": count(select(func.count()).select_from(complaints).where(
            complaints.c.received_at < at - timedelta(days=COMPLAINT_DAYS),
            complaints.c.closed_at.is_(None))),
    }
