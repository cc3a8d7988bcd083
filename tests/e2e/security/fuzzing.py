"""Schemathesis-driven API fuzzing shared by the short e2e run and the long benchmark.

Every operation of our OpenAPI document is called with generated valid (positive) and invalid
(negative) requests, each under the bearer token of a role the route's permission admits (so the
request reaches the handler) or of one fixed restricted role. The rules checked on every answer:
no 5xx, and every 4xx is our error body — a stable ``code`` and a non-empty ``message``.

The run is stateful: valid requests use ids that exist (``known``: path parameter name → a
seeded id, e.g. ``case_id``), so writes succeed and the code behind them is reached, and
what one request creates (a returned ``id``) is reused by the next.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from doorstep.api.routes_index import api_routes
from doorstep.core.access import PERMISSIONS, Permission, Role
from doorstep.http.deps import PUBLIC

#: Head-office roles first: they are not scoped to a branch, so they reach the most data.
ROLE_PREFERENCE = [Role.PROGRAMME_MANAGER, Role.ANALYST, Role.LEGAL_OFFICER, Role.AUDITOR,
                   Role.ADMIN, Role.TRAINER, Role.DISPATCHER, Role.FIELD_STAFF]
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class FuzzReport:
    """Status classes per operation and every answer that broke a rule."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    def by_class(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for c in self.counts.values():
            out.update(c)
        return out


def acting_roles(app: FastAPI) -> dict[tuple[str, str], Role | None]:
    """For each (method, path): a role the route admits, or None for public routes."""
    chosen: dict[tuple[str, str], Role | None] = {}
    for route in api_routes(app):
        if route.permission == PUBLIC or route.permission is None:
            chosen[(route.method, route.path)] = None
            continue
        allowed = PERMISSIONS[Permission(route.permission)]
        chosen[(route.method, route.path)] = next(r for r in ROLE_PREFERENCE if r in allowed)
    return chosen


def check_answer(status: int, content_type: str, body: Any) -> str | None:
    """The rule for one answer: None when it is fine, else what is wrong."""
    if status >= 500:
        return f"HTTP {status}"
    if 400 <= status < 500:
        if not content_type.startswith("application/json"):
            return f"HTTP {status} with {content_type or 'no content type'}"
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict) or not error.get("code") or not error.get("message"):
            return f"HTTP {status} without our error body: {str(body)[:200]}"
        if not CJK.search(str(error["message"])):
            return f"HTTP {status} message not in Chinese: {error['message']!r}"
    return None


def fuzz(client: TestClient, tokens: Callable[[str, str], dict[str, str]], *, examples: int,
         seed: int = 7, only: Callable[[str, str], bool] | None = None,
         known: dict[str, int] | None = None) -> FuzzReport:
    """Send about ``examples`` generated requests per operation (half valid, half invalid);
    valid ones take their path ids from ``known``."""
    app = client.app
    assert isinstance(app, FastAPI)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    report = FuzzReport()
    for result in schema.get_all_operations():
        operation = result.ok()
        method, path = operation.method.upper(), operation.path
        if only is not None and not only(method, path):
            continue
        key = f"{method} {path}"
        counts = report.counts.setdefault(key, Counter())
        headers = tokens(method, path)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            ids = known if known is not None and mode == GenerationMode.POSITIVE else None
            _run(client, operation.as_strategy(generation_mode=mode), headers, counts,
                 report.failures, key, max(examples // 2, 1), seed, ids)
    return report


def _run(client: TestClient, strategy: st.SearchStrategy[Any], headers: dict[str, str],
         counts: Counter[str], failures: list[str], key: str, n: int, seed: int,
         known: dict[str, int] | None = None) -> None:
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def send(case: schemathesis.Case) -> None:
        if known is not None and case.path_parameters:
            for name in case.path_parameters:
                if name in known:
                    case.path_parameters[name] = known[name]
        kwargs = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
        kwargs.pop("cookies", None)
        response = client.request(**_plain(kwargs))
        counts[f"{response.status_code // 100}xx"] += 1
        content_type = response.headers.get("content-type", "")
        body = response.json() if content_type.startswith("application/json") else None
        if known is not None and 200 <= response.status_code < 300 and isinstance(body, dict):
            _remember(known, key, body)
        problem = check_answer(response.status_code, content_type, body)
        if problem is not None:
            failures.append(f"{key}: {problem} ← {case.as_curl_command()[:300]}")

    try:
        hypothesis_seed(seed)(send)()
    except Unsatisfiable:  # an operation without inputs has no invalid variant
        return


def _remember(known: dict[str, int], key: str, body: dict[str, Any]) -> None:
    """An id a write returned becomes the id its kind's later requests use."""
    new_id = body.get("id")
    if not isinstance(new_id, int) or not key.startswith("POST "):
        return
    kind = key.split()[1].rstrip("/").split("/")[3] if key.count("/") >= 3 else ""
    name = {"complaints": "complaint_id", "plans": "plan_id", "teams": "team_id",
            "runs": "run_id", "courses": "course_id", "sessions": "session_id"}.get(kind)
    if name is not None:
        known[name] = new_id


def _plain(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Schemathesis' transport arguments in the shape TestClient.request accepts."""
    allowed = {"method", "url", "headers", "params", "json", "content", "data", "files"}
    out = {k: v for k, v in kwargs.items() if k in allowed}
    if isinstance(out.get("data"), bytes | str):
        out["content"] = out.pop("data")
    if out.get("files"):
        out["files"] = [(name, _file_part(part)) for name, part in out["files"]]
    return out


def _file_part(part: Any) -> Any:
    """A multipart part whose content is not bytes or text is sent as its JSON-ish text."""
    if isinstance(part, tuple) and len(part) >= 2 and not isinstance(part[1], bytes | str):
        return (part[0], str(part[1]), *part[2:])
    return part
