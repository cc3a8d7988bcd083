"""The jobs table: submit, claim with a lease, renew, finish exactly once, retry, count."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, update

from doorstep.core.access import Principal, Role
from doorstep.core.clock import naive_utc, utc
from doorstep.jobs.model import Job, JobState
from doorstep.store.tables_jobs import jobs


def _job(r: Any) -> Job:
    return Job(id=r.id, kind=r.kind, state=JobState(r.state), progress=float(r.progress),
               params=dict(r.params or {}), started_by=r.started_by,
               created_at=utc(r.created_at), attempts=r.attempts, step=r.step,
               result_kind=r.result_kind, result_id=r.result_id, result=dict(r.result or {}),
               error_code=r.error_code, error_params=dict(r.error_params or {}),
               started_at=r.started_at and utc(r.started_at),
               finished_at=r.finished_at and utc(r.finished_at),
               lease_until=r.lease_until and utc(r.lease_until), worker=r.worker)


class JobRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, kind: str, params: dict[str, Any], principal: dict[str, Any],
            now: datetime) -> int:
        result = self.conn.execute(insert(jobs).values(
            kind=kind, state=JobState.QUEUED.value, progress=0.0, step="", params=params,
            principal=principal, started_by=str(principal["username"]), attempts=0,
            created_at=naive_utc(now)).returning(jobs.c.id))
        return int(result.scalar_one())

    def get(self, job_id: int) -> Job | None:
        row = self.conn.execute(select(jobs).where(jobs.c.id == job_id)).first()
        return None if row is None else _job(row)

    def principal(self, job_id: int) -> Principal:
        """Who the job acts as (stored with it as JSON when it was submitted)."""
        data = dict(self.conn.execute(select(jobs.c.principal).where(
            jobs.c.id == job_id)).scalar_one())
        return Principal(user_id=int(data["user_id"]), username=str(data["username"]),
                         role=Role(data["role"]), branch_id=data.get("branch_id"),
                         staff_id=data.get("staff_id"),
                         language=str(data.get("language", "zh-CN")))

    def claim(self, job_id: int, worker: str, now: datetime, lease_until: datetime) -> int | None:
        """Take a queued job that is due; the new attempt number, or None if not ours."""
        result = self.conn.execute(update(jobs).where(
            jobs.c.id == job_id, jobs.c.state == JobState.QUEUED.value,
            or_(jobs.c.not_before.is_(None), jobs.c.not_before <= naive_utc(now)),
        ).values(state=JobState.RUNNING.value, attempts=jobs.c.attempts + 1, worker=worker,
                 lease_until=naive_utc(lease_until), started_at=naive_utc(now),
                 error_code=None, error_params=None))
        if result.rowcount != 1:
            return None
        return int(self.conn.execute(select(jobs.c.attempts).where(
            jobs.c.id == job_id)).scalar_one())

    def _running(self, job_id: int, attempt: int) -> Any:
        return (jobs.c.id == job_id, jobs.c.attempts == attempt,
                jobs.c.state == JobState.RUNNING.value)

    def renew(self, job_id: int, attempt: int, lease_until: datetime,
              progress: float | None = None, step: str | None = None) -> bool:
        values: dict[str, Any] = {"lease_until": naive_utc(lease_until)}
        if progress is not None:
            values["progress"] = progress
        if step is not None:
            values["step"] = step[:80]
        result = self.conn.execute(update(jobs).where(*self._running(job_id, attempt))
                                   .values(**values))
        return result.rowcount == 1

    def finish(self, job_id: int, attempt: int, now: datetime, result_kind: str | None,
               result_id: str | None, result: dict[str, Any]) -> bool:
        """Mark this attempt done; False when another attempt already finished the job."""
        outcome = self.conn.execute(update(jobs).where(*self._running(job_id, attempt)).values(
            state=JobState.DONE.value, progress=1.0, finished_at=naive_utc(now),
            lease_until=None, result_kind=result_kind, result_id=result_id, result=result))
        return outcome.rowcount == 1

    def add_result(self, job_id: int, result: dict[str, Any], result_kind: str | None = None,
                   result_id: str | None = None) -> None:
        values: dict[str, Any] = {"result": result}
        if result_kind and result_id:
            values |= {"result_kind": result_kind, "result_id": str(result_id)}
        self.conn.execute(update(jobs).where(jobs.c.id == job_id).values(**values))

    def fail(self, job_id: int, attempt: int, now: datetime, code: str,
             params: dict[str, Any]) -> None:
        self.conn.execute(update(jobs).where(*self._running(job_id, attempt)).values(
            state=JobState.FAILED.value, finished_at=naive_utc(now), lease_until=None,
            error_code=code, error_params=params))

    def requeue(self, job_id: int, attempt: int, not_before: datetime, code: str | None,
                params: dict[str, Any] | None) -> bool:
        """Put a running attempt back in the queue (its worker died or it failed for now)."""
        result = self.conn.execute(update(jobs).where(*self._running(job_id, attempt)).values(
            state=JobState.QUEUED.value, lease_until=None, worker=None,
            not_before=naive_utc(not_before), error_code=code, error_params=params))
        return result.rowcount == 1

    def running(self) -> list[Job]:
        rows = self.conn.execute(select(jobs).where(jobs.c.state == JobState.RUNNING.value))
        return [_job(r) for r in rows]

    def queued(self, limit: int = 500) -> list[Job]:
        rows = self.conn.execute(select(jobs).where(jobs.c.state == JobState.QUEUED.value)
                                 .order_by(jobs.c.id).limit(limit))
        return [_job(r) for r in rows]

    def recent(self, started_by: str | None, limit: int = 50) -> list[Job]:
        q = select(jobs).order_by(jobs.c.id.desc()).limit(limit)
        if started_by is not None:
            q = q.where(jobs.c.started_by == started_by)
        return [_job(r) for r in self.conn.execute(q)]

    def counts(self) -> dict[tuple[str, str], int]:
        rows = self.conn.execute(select(jobs.c.kind, jobs.c.state, func.count())
                                 .group_by(jobs.c.kind, jobs.c.state))
        return {(r[0], r[1]): int(r[2]) for r in rows}
