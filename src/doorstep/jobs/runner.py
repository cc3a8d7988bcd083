"""Run one stored job: claim it with a lease, renew the lease while it runs, record the
outcome; and recover jobs whose worker died (SIGKILL, lost machine) by trying them again."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from doorstep.core.access import Principal
from doorstep.core.errors import DoorstepError
from doorstep.jobs import metrics
from doorstep.jobs.model import (
    MAX_ATTEMPTS,
    Job,
    JobState,
    clamp_progress,
    lease_expired,
    retry_delay,
)

if TYPE_CHECKING:
    from doorstep.container import Container
    from doorstep.jobs.queue import JobQueue
    from doorstep.store.uow import JobUnitOfWork

log = logging.getLogger("doorstep.jobs")


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class JobContext:
    """What a job kind gets: the container, the job, who it acts as, a progress callback."""

    container: Container
    queue: JobQueue
    job: Job
    principal: Principal
    attempt: int
    _progress: list[Any] = field(default_factory=lambda: [0.0, ""])
    _uow: JobUnitOfWork | None = None

    def progress(self, share: float, step: str = "") -> None:
        """Tell followers how far the job got (written with the next lease renewal)."""
        self._progress[0], self._progress[1] = clamp_progress(share), step

    def uow(self) -> JobUnitOfWork:
        """The job's one effect transaction: committing it also marks the job done."""
        from doorstep.store.uow import JobUnitOfWork

        c = self.container
        self._uow = JobUnitOfWork(c.engine, c.cipher, c.clock, job_id=self.job.id,
                                  attempt=self.attempt)
        return self._uow

    @property
    def committed(self) -> bool:
        return self._uow is not None and self._uow.finished


def _lease(container: Container, now: datetime) -> datetime:
    return now + timedelta(seconds=container.settings.job_lease_seconds)


def _claim(container: Container, job_id: int) -> tuple[Job, int, Principal] | None:
    with container.uow() as uow:
        now = uow.clock.now()
        attempt = uow.jobs.claim(job_id, worker_id(), now, _lease(container, now))
        if attempt is None:
            return None
        job = uow.jobs.get(job_id)
        assert job is not None
        principal = uow.jobs.principal(job_id)
        uow.commit()
    return job, attempt, principal


class _Renewal(threading.Thread):
    """Renews the lease and writes progress every second until stopped."""

    def __init__(self, ctx: JobContext) -> None:
        super().__init__(name=f"job-{ctx.job.id}-lease", daemon=True)
        self.ctx, self.stop = ctx, threading.Event()

    def run(self) -> None:
        c, job = self.ctx.container, self.ctx.job
        while not self.stop.wait(c.settings.job_progress_seconds):
            try:
                with c.uow() as uow:
                    share, step = self.ctx._progress
                    uow.jobs.renew(job.id, self.ctx.attempt, _lease(c, uow.clock.now()),
                                   share, step)
                    uow.commit()
            except Exception:  # noqa: BLE001 - a missed renewal is retried next tick
                log.warning("job %s: lease renewal failed", job.id)


def execute(container: Container, queue: JobQueue, job_id: int) -> None:
    """Run job ``job_id`` once if it is queued and due; nothing if another worker has it."""
    from doorstep.jobs.kinds import KINDS

    claimed = _claim(container, job_id)
    if claimed is None:
        return
    job, attempt, principal = claimed
    ctx = JobContext(container, queue, job, principal, attempt)
    renewal = _Renewal(ctx)
    renewal.start()
    started = time.perf_counter()
    try:
        result = KINDS[job.kind].run(ctx, job.params)
    except DoorstepError as error:
        _failed(container, job, attempt, error.code, {"detail": error.detail, **error.params})
        metrics.finished(job.kind, "failed", time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001 - any crash is retried, then reported
        from doorstep.store.uow import JobSuperseded

        if isinstance(error, JobSuperseded):
            log.info("job %s: attempt %s superseded", job_id, attempt)
            return
        log.exception("job %s (%s) attempt %s crashed", job_id, job.kind, attempt)
        _retry_or_fail(container, queue, job, attempt, type(error).__name__)
        metrics.finished(job.kind, "error", time.perf_counter() - started)
    else:
        _done(container, ctx, result)
        metrics.finished(job.kind, "done", time.perf_counter() - started)
    finally:
        renewal.stop.set()
        renewal.join()


def _done(container: Container, ctx: JobContext, result: dict[str, Any]) -> None:
    with container.uow() as uow:
        if ctx.committed:  # the kind's own result names what it made, when it says
            uow.jobs.add_result(ctx.job.id, result, result.get("kind"), result.get("id"))
        else:
            uow.jobs.finish(ctx.job.id, ctx.attempt, uow.clock.now(), result.get("kind"),
                            result.get("id"), result)
        uow.commit()


def _failed(container: Container, job: Job, attempt: int, code: str,
            params: dict[str, Any]) -> None:
    safe = {k: v if isinstance(v, int | float | bool | None) else str(v)
            for k, v in params.items()}
    with container.uow() as uow:
        uow.jobs.fail(job.id, attempt, uow.clock.now(), code, safe)
        uow.commit()


def _retry_or_fail(container: Container, queue: JobQueue, job: Job, attempt: int,
                   error: str) -> None:
    if attempt >= MAX_ATTEMPTS:
        _failed(container, job, attempt, "job.crashed", {"attempts": attempt, "error": error})
        return
    delay = retry_delay(attempt)
    with container.uow() as uow:
        again = uow.jobs.requeue(job.id, attempt, uow.clock.now() + delay, "job.retrying",
                                 {"attempts": attempt, "error": error})
        uow.commit()
    if again and not queue.immediate:
        queue.send(job.id, delay.total_seconds())


def _local_process(job: Job) -> str:
    """``dead`` or ``alive`` when the job's worker ran on this machine, else ``remote``."""
    host, _, pid = (job.worker or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return "remote"
    if int(pid) == os.getpid():
        return "alive"
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return "dead"
    except PermissionError:
        return "alive"
    return "alive"


def _lost(job: Job, now: datetime) -> bool:
    """A local worker is lost when its process is gone (a live one is never second-guessed:
    on SQLite a long run may block its lease renewals); a remote one when its lease ran out."""
    where = _local_process(job)
    return where == "dead" or (where == "remote" and lease_expired(job, now))


def recover(container: Container, queue: JobQueue, *, resend_queued: bool = False) -> int:
    """Try again every running job whose worker died or whose lease ran out; optionally
    re-send every queued job (a worker starting after the broker lost messages). How many
    jobs were sent."""
    sent: list[int] = []
    with container.uow() as uow:
        now = uow.clock.now()
        for job in uow.jobs.running():
            if _lost(job, now):
                if job.attempts >= MAX_ATTEMPTS:
                    uow.jobs.fail(job.id, job.attempts, now, "job.crashed",
                                  {"attempts": job.attempts, "error": "worker lost"})
                elif uow.jobs.requeue(job.id, job.attempts, now, "job.retrying",
                                      {"attempts": job.attempts, "error": "worker lost"}):
                    sent.append(job.id)
        if resend_queued:
            sent += [j.id for j in uow.jobs.queued() if j.state == JobState.QUEUED]
        uow.commit()
    for job_id in dict.fromkeys(sent):
        queue.send(job_id)
    if sent:
        log.info("jobs recovered: %s", sent)
    return len(sent)
