"""The transport under the jobs table: Huey over SQLite (embedded), Redis (production) or
run at once in the caller (tests, ``immediate://``).

The ``jobs`` table is the truth about a job; Huey only carries "run job N" to a worker and
fires the periodic schedule. A message lost with a killed worker is re-sent by
:func:`doorstep.jobs.runner.recover`, which every worker runs at start and every minute.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

if TYPE_CHECKING:
    from doorstep.container import Container

QUEUE_NAME = "doorstep"


def make_huey(broker: str, name: str = QUEUE_NAME) -> Huey:
    """A Huey instance for ``sqlite:///path``, ``redis://host:port/db`` or ``immediate://``."""
    if broker.startswith("sqlite:///"):
        path = Path(broker.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(path), utc=True)
    if broker.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=broker, utc=True)
    if broker in ("immediate://", "memory://"):
        return MemoryHuey(name, immediate=True, utc=True)
    raise ValueError(f"unsupported jobs broker {broker!r} (sqlite:///…, redis://…, immediate://)")


class JobQueue:
    """Huey with the one task that runs a stored job, and the periodic schedule."""

    def __init__(self, container: Container, broker: str, name: str = QUEUE_NAME) -> None:
        from doorstep.jobs import runner, schedule

        self.container = container
        self.huey = make_huey(broker, name)
        self.broker = broker

        @self.huey.task(name="doorstep.run_job")  # type: ignore[untyped-decorator]
        def run_job(job_id: int) -> None:
            runner.execute(container, self, job_id)

        self._run_job: Any = run_job
        schedule.install(self)

    @property
    def immediate(self) -> bool:
        return bool(self.huey.immediate)

    def send(self, job_id: int, delay_seconds: float = 0.0) -> None:
        """Ask a worker to run the stored job ``job_id`` (now, or after a delay)."""
        if delay_seconds > 0 and not self.immediate:
            self._run_job.schedule((job_id,), delay=delay_seconds)
        else:
            self._run_job(job_id)

    def pending(self) -> int:
        return int(self.huey.pending_count())

    def drain(self, limit: int = 100) -> int:
        """Run what is queued in this process (tests and one-shot workers); how many ran."""
        ran = 0
        while ran < limit:
            task = self.huey.dequeue()
            if task is None:
                break
            self.huey.execute(task)
            ran += 1
        return ran
