"""A tiny in-process Prometheus registry: request counts and latency sums per route."""

from __future__ import annotations

import threading
from collections import defaultdict

_lock = threading.Lock()
_count: dict[tuple[str, str, int], int] = defaultdict(int)
_seconds: dict[tuple[str, str], float] = defaultdict(float)


def observe(method: str, route: str, status: int, seconds: float) -> None:
    with _lock:
        _count[(method, route, status)] += 1
        _seconds[(method, route)] += seconds


def render() -> str:
    lines = ["# TYPE doorstep_http_requests_total counter"]
    with _lock:
        for (m, r, s), n in sorted(_count.items()):
            labels = f'method="{m}",route="{r}",status="{s}"'
            lines.append(f"doorstep_http_requests_total{{{labels}}} {n}")
        lines.append("# TYPE doorstep_http_request_seconds_sum counter")
        for (m, r), sec in sorted(_seconds.items()):
            lines.append(f'doorstep_http_request_seconds_sum{{method="{m}",route="{r}"}} {sec:.6f}')
    return "\n".join(lines) + "\n"
