"""The periodic schedule (Huey crontab, UTC; Beijing time is UTC+8). Run exactly one
scheduler (`doorstep jobs work`, the default; other workers take `--no-scheduler`)."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from huey import crontab

from doorstep.jobs import metrics

if TYPE_CHECKING:
    from doorstep.jobs.queue import JobQueue

log = logging.getLogger("doorstep.jobs")

#: kind → when (UTC). Stored as jobs, so each run can be followed and is counted.
SCHEDULE = {
    "timers": crontab(minute="*/15"),                       # SLA, 30/15-day clocks, instalments
    "evaluation.refresh": crontab(minute="*/30"),           # KPI snapshots
    "routes.plan_tomorrow": crontab(minute="0", hour="12"),  # 20:00 Beijing: tomorrow's routes
    "ops.retention": crontab(minute="30", hour="18"),       # 02:30 Beijing
    "reports.monthly": crontab(minute="0", hour="1", day="1"),  # 09:00 Beijing on the 1st
    "screening.retrain": crontab(minute="0", hour="19", day_of_week="0"),  # Mon 03:00 Beijing
}


def install(queue: JobQueue) -> None:
    """Register the periodic tasks on the queue's Huey."""
    from doorstep.jobs.kinds import KINDS
    from doorstep.jobs.runner import JobContext, recover
    from doorstep.jobs.service import scheduler_principal, start

    huey, container = queue.huey, queue.container

    @huey.periodic_task(crontab(minute="*"), name="doorstep.every_minute")  # type: ignore[untyped-decorator]
    def every_minute() -> None:
        """Retry jobs whose worker died; deliver due outbox messages (no job row each time)."""
        recover(container, queue)
        started = time.perf_counter()
        kind = "outbox.deliver"
        principal = scheduler_principal(kind)
        from doorstep.jobs.model import Job, JobState

        job = Job(0, kind, JobState.RUNNING, 0.0, {}, principal.username,
                  container.clock.now())
        try:
            KINDS[kind].run(JobContext(container, queue, job, principal, 1), {})
        except Exception:  # noqa: BLE001 - the next minute tries again
            log.exception("outbox delivery failed")
            metrics.finished(kind, "error", time.perf_counter() - started)
        else:
            metrics.finished(kind, "done", time.perf_counter() - started)

    for kind, when in SCHEDULE.items():
        def submit(kind: str = kind) -> None:
            start(container, scheduler_principal(kind), kind, {})

        huey.periodic_task(when, name=f"doorstep.scheduled.{kind}")(submit)
