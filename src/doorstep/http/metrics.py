"""Prometheus metrics: request counts and latencies per route, jobs by kind and outcome.

In multiprocess mode (``PROMETHEUS_MULTIPROC_DIR`` set before start, as `doorstep web serve`
and `doorstep jobs work` do) every web and job worker writes its samples to files in that
folder and :func:`render` adds them up across all of them; otherwise this process alone.
Jobs waiting or running are counted from the ``jobs`` table at scrape time.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from doorstep.jobs import metrics as _job_metrics  # noqa: F401  (registers job metrics)

REQUESTS = Counter("doorstep_http_requests", "HTTP requests", ["method", "route", "status"])
REQUEST_SECONDS = Histogram("doorstep_http_request_seconds", "HTTP request latency",
                            ["method", "route"],
                            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


def observe(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    REQUEST_SECONDS.labels(method, route).observe(seconds)


class JobStateCollector(Collector):
    """``doorstep_jobs{kind,state}``: jobs per state now, read from the database."""

    def __init__(self, counts: Callable[[], dict[tuple[str, str], int]]) -> None:
        self.counts = counts

    def collect(self):  # type: ignore[no-untyped-def]
        family = GaugeMetricFamily("doorstep_jobs", "Jobs by kind and state",
                                   labels=["kind", "state"])
        try:
            counts = self.counts()
        except Exception:  # noqa: BLE001 - metrics must answer while the database is down
            counts = {}
        for (kind, state), n in sorted(counts.items()):
            family.add_metric([kind, state], n)
        yield family


def render(job_counts: Callable[[], dict[tuple[str, str], int]] | None = None) -> bytes:
    """The Prometheus text: summed over every process when multiprocess mode is on."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = CollectorRegistry()
        registry.register(_Forward())
    if job_counts is not None:
        registry.register(JobStateCollector(job_counts))
    return generate_latest(registry)


class _Forward(Collector):
    """This process's own samples (the default registry), when not in multiprocess mode."""

    def collect(self):  # type: ignore[no-untyped-def]
        yield from REGISTRY.collect()
