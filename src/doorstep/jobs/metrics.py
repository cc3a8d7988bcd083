"""Job counters and durations for Prometheus, shared by web and job workers.

With ``PROMETHEUS_MULTIPROC_DIR`` set (as `doorstep web serve` and `doorstep jobs work` do), each
process writes its samples to files there and ``/metrics`` adds them up across processes.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

JOBS_FINISHED = Counter("doorstep_jobs_finished_total", "Job attempts that ended, by outcome",
                        ["kind", "outcome"])
JOB_SECONDS = Histogram("doorstep_job_seconds", "How long a job attempt ran", ["kind"],
                        buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600))
JOBS_SUBMITTED = Counter("doorstep_jobs_submitted_total", "Jobs submitted", ["kind"])


def finished(kind: str, outcome: str, seconds: float) -> None:
    """An attempt ended: ``done``, ``failed`` (a user-visible error) or ``error`` (crashed)."""
    JOBS_FINISHED.labels(kind, outcome).inc()
    JOB_SECONDS.labels(kind).observe(seconds)


def submitted(kind: str) -> None:
    JOBS_SUBMITTED.labels(kind).inc()
